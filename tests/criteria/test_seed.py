"""The Nghệ An 2022 guidance, section I, loaded by migration 0003 (texts verbatim).

A transactional test flushes every table, data migrations included; ``seeded``
reloads the migration's rows when they are missing (its loader skips codes already
present), so these tests check the migration's own data.
"""

import pytest

from apps.criteria.models import CriteriaSet, Criterion
from apps.criteria.selectors import criteria_for, criteria_sets_offered
from tests.criteria.factories import load_guidance_sets
from tests.kinds import BrightSpotKind


@pytest.fixture
def seeded(db):
    return load_guidance_sets()


def _texts(criteria_set, number):
    return list(
        Criterion.objects.filter(group__criteria_set=criteria_set, group__number=number)
        .order_by("order")
        .values_list("text", flat=True)
    )


@pytest.mark.django_db
def test_guidance_groups_have_6_7_and_6_criteria(seeded):
    groups = seeded.groups.order_by("order")

    assert [(g.number, g.criteria.count()) for g in groups] == [("1", 6), ("2.1", 7), ("2.2", 6)]
    assert [g.title for g in groups] == [
        "Tiêu chí chung",
        "Tiêu chí về xây dựng điểm sáng thực hiện quy chế dân chủ ở cơ sở",
        "Tiêu chí về xây dựng điểm sáng Dân vận chính quyền",
    ]
    assert [g.kinds for g in groups] == [["qcdc", "dvcq"], ["qcdc"], ["dvcq"]]
    assert seeded.kinds == ["qcdc", "dvcq"]
    assert seeded.province is None
    assert seeded.is_active


@pytest.mark.django_db
def test_guidance_texts_are_verbatim(seeded):
    general, qcdc, dvcq = (_texts(seeded, n) for n in ("1", "2.1", "2.2"))

    assert general[0] == "Điểm sáng phải có tên, địa chỉ cụ thể."
    assert general[3] == (
        "Điểm sáng phải phù hợp với chủ trương, đường lối của Đảng, chính sách, pháp luật của "
        "nhà nước về quy chế dân chủ ở cơ sở, dân vận chính quyền, đồng thời thực sự mở rộng và "
        "phát huy dân chủ trên tất cả các lĩnh vực hoạt động; Tạo được sự đồng thuận của nhân "
        "dân và vận động nhân dân, cán bộ, công chức, viên chức, người lao động thực hiện thắng "
        "lợi các mục tiêu, nhiệm vụ chính trị của địa phương, đơn vị mình."
    )
    assert general[5] == (
        "Điểm sáng giải quyết được những khó khăn, vướng mắc, những nhiệm vụ chính trị mà cấp "
        "ủy, chính quyền đã có chủ trương và đang tập trung tổ chức thực hiện."
    )
    assert qcdc[4] == (
        "Có hệ thống nội quy, quy chế và các văn bản về thực hiện quy chế dân chủ đầy đủ và "
        "thực hiện nghiêm túc các nội quy, quy chế đã đề ra."
    )
    assert qcdc[6] == (
        "Tổ chức các hội nghị theo quy định đảm bảo thời gian, chất lượng (Hội nghị CBCC, viên "
        "chức đầu năm; hội nghị người lao động; hội nghị đối thoại với nhân dân, người lao "
        "động...)."
    )
    assert dvcq[4] == (
        "Chính quyền, các cơ quan nhà nước thân thiện với người dân, tôn trọng dân, gần dân, "
        "hiểu dân, học dân và có trách nhiệm với dân; “nghe dân nói, nói dân hiểu, làm dân tin”."
    )


@pytest.mark.django_db
def test_photo_caption_is_not_a_criterion(seeded):
    caption = Criterion.objects.filter(text__contains="Công an xã Nghĩa Dũng")

    assert not caption.exists()


@pytest.mark.django_db
def test_criteria_for_each_kind_include_the_general_ones(seeded):
    qcdc = list(criteria_for(criteria_set=seeded, kind=BrightSpotKind.QCDC))
    dvcq = list(criteria_for(criteria_set=seeded, kind=BrightSpotKind.DVCQ))

    assert len(qcdc) == 13
    assert len(dvcq) == 12
    assert [c.number for c in qcdc[:7]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1.1"]
    assert list(criteria_for(criteria_set=seeded, kind=BrightSpotKind.DVK)) == []


@pytest.mark.django_db
def test_dan_van_kheo_has_its_own_set_with_the_general_criteria(seeded, province):
    dvk = CriteriaSet.objects.get(code="nghe-an-dvk-2022")

    offered = criteria_sets_offered(province=province, kind=BrightSpotKind.DVK)

    assert list(offered) == [dvk]
    assert dvk.kinds == ["dvk"]
    assert _texts(dvk, "1") == _texts(seeded, "1")
    assert "Đề án số 04-ĐA/TU" in dvk.source


@pytest.mark.django_db
def test_loading_the_guidance_twice_adds_nothing(seeded):
    before = Criterion.objects.count()

    load_guidance_sets()

    assert Criterion.objects.count() == before
    assert CriteriaSet.objects.filter(code__startswith="nghe-an").count() == 2

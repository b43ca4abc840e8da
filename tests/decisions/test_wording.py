"""The wording a draft starts from follows its authority: heading, governing body, head's
title, symbol, signature block, office, proposing body, collectives, drafting unit and
the guidance the province cites (Nghị định 30/2020/NĐ-CP; Hướng dẫn 36-HD/VPTW)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from apps.accounts.enums import Role
from apps.cycles.models import ProcessRules
from apps.decisions import services
from apps.decisions.wording import decision_initial
from apps.dossiers.enums import LetterIssuer
from apps.dossiers.models import Dossier
from apps.units.enums import UnitKind
from tests.brightspots.factories import make_criteria_set, make_cycle
from tests.conftest import client_for
from tests.cycles.factories import make_process
from tests.decisions.factories import (
    decision_maker_of,
    in_window,
    make_authority,
    make_department,
    make_draft,
    make_proposed_spot,
)
from tests.factories import make_member
from tests.kinds import BrightSpotKind

pytestmark = pytest.mark.django_db

SIGNATURE = ("signer_on_behalf", "signer_delegation", "signer_title")


def signature(decision):
    return tuple(getattr(decision, field) for field in SIGNATURE)


def draft_of(authority, name="Điểm sáng của đơn vị"):
    spots = [make_proposed_spot(authority, name=name)]
    return make_draft(authority, spots, by=decision_maker_of(authority))


def test_the_chair_signs_on_behalf_of_the_committee_and_a_deputy_for_the_chair(
    authority, decision_maker, spots
):
    draft = make_draft(authority, spots, by=decision_maker)

    deputy = services.decision_update(
        decision=draft, by=decision_maker, values={"signer": "deputy"}
    )
    head = services.decision_update(decision=draft, by=decision_maker, values={"signer": "head"})

    assert signature(draft) == ("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH")
    assert signature(deputy) == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signature(head) == ("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH")


def test_a_department_is_under_the_provincial_committee_and_its_director_signs_alone(province):
    department = make_authority(make_department(province, "Sở Nội vụ"))
    draft = draft_of(department)

    deputy = services.decision_update(
        decision=draft, by=decision_maker_of(department), values={"signer": "deputy"}
    )

    assert draft.issuer_parent == "UBND TỈNH NGHỆ AN"
    assert draft.issuer_name == "SỞ NỘI VỤ"
    assert draft.issuer_power == "GIÁM ĐỐC SỞ NỘI VỤ"
    assert draft.number_label == "01/QĐ-SNV"
    assert signature(draft) == ("", "", "GIÁM ĐỐC")
    assert signature(deputy) == ("", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_school_is_under_its_department_and_its_principal_signs(province):
    education = make_department(province, "Sở Giáo dục và Đào tạo")
    school = make_authority(
        make_department(education, "Trường THPT Huỳnh Thúc Kháng", kind=UnitKind.AGENCY)
    )

    draft = draft_of(school)

    assert draft.issuer_parent == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert draft.issuer_power == "HIỆU TRƯỞNG TRƯỜNG THPT HUỲNH THÚC KHÁNG"
    assert draft.signer_title == "HIỆU TRƯỞNG"
    assert draft.number_label == "01/QĐ-TTHPTHTK"


def test_a_department_of_education_keeps_its_d_in_the_symbol(province):
    education = make_authority(make_department(province, "Sở Giáo dục và Đào tạo"))

    assert draft_of(education).number_label == "01/QĐ-SGDĐT"


def test_configured_abbreviation_and_head_title_win(province):
    board = make_authority(
        make_department(
            province, "Ban Quản lý Khu kinh tế Đông Nam", abbreviation="BQLKKT", head_title=""
        )
    )
    office = make_authority(
        make_department(province, "Trung tâm Phục vụ hành chính công", head_title="Giám đốc")
    )
    office.abbreviation = "TTPVHCC"
    office.head_title = "Chánh Văn phòng"
    office.save()

    board_draft, office_draft = draft_of(board), draft_of(office)

    assert board_draft.number_label == "01/QĐ-BQLKKT"
    assert board_draft.issuer_power == "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ ĐÔNG NAM"
    assert office_draft.number_label == "01/QĐ-TTPVHCC"
    assert office_draft.signer_title == "CHÁNH VĂN PHÒNG"


def test_a_party_body_takes_the_party_form(province):
    commission = make_authority(
        make_department(province, "Ban Dân vận Tỉnh ủy", is_party_body=True)
    )

    draft = draft_of(commission)
    deputy = services.decision_update(
        decision=draft, by=decision_maker_of(commission), values={"signer": "deputy"}
    )

    assert draft.document_form == "party"
    assert draft.number_line == "Số 01-QĐ/BDVTU"
    assert (draft.issuer_parent, draft.issuer_name) == ("TỈNH ỦY NGHỆ AN", "BAN DÂN VẬN")
    assert signature(draft) == ("", "", "TRƯỞNG BAN")
    assert signature(deputy) == ("", "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")


def test_a_state_decision_number_has_a_colon(authority, decision_maker, spots):
    assert make_draft(authority, spots, by=decision_maker).number_line == "Số: 01/QĐ-UBND"


def test_a_ward_office_is_the_office_of_the_council_and_committee_from_july_2025(
    province, authority, decision_maker
):
    spot_2026 = make_proposed_spot(authority, name="Năm 2026")
    spot_2024 = make_proposed_spot(authority, name="Năm 2024", cycle=make_cycle(province, 2024))

    after = make_draft(authority, [spot_2026], by=decision_maker)
    before = make_draft(authority, [spot_2024], by=decision_maker)

    assert after.later_article_lines()[1].startswith(
        "Chánh Văn phòng HĐND và UBND phường Vinh Phú, Thủ trưởng các cơ quan"
    )
    assert before.signed_on == datetime.date(2024, 11, 30)
    assert before.later_article_lines()[1].startswith(
        "Công chức Văn phòng - Thống kê phường Vinh Phú, Thủ trưởng"
    )


def test_the_guidance_is_cited_from_the_province_setting(province, authority, decision_maker):
    ProcessRules.objects.create(
        province=province,
        guidance_reference="Hướng dẫn số 05-HD/BDVTU ngày 06/6/2022 của Ban Dân vận Tỉnh ủy",
    )

    draft = make_draft(authority, [make_proposed_spot(authority)], by=decision_maker)

    assert draft.legal_basis_lines()[2] == (
        "Căn cứ Hướng dẫn số 05-HD/BDVTU ngày 06/6/2022 của Ban Dân vận Tỉnh ủy về tiêu chí "
        "xây dựng điểm sáng thực hiện Quy chế dân chủ ở cơ sở và dân vận chính quyền;"
    )


def test_a_blank_guidance_is_left_for_the_drafter_and_flagged_on_the_draft_pages(
    province, authority, decision_maker, spots
):
    draft = make_draft(authority, spots, by=decision_maker)
    client = client_for(decision_maker)

    urls = [draft.get_absolute_url(), reverse("decisions:edit", args=[draft.pk])]
    pages = [client.get(url).content.decode() for url in urls]
    ProcessRules.objects.create(province=province, guidance_reference="Hướng dẫn số 05-HD/BDVTU")
    after = client.get(draft.get_absolute_url()).content.decode()

    assert "Căn cứ Hướng dẫn số … ngày … về tiêu chí" in draft.legal_bases
    assert all('id="guidance-missing"' in page for page in pages)
    assert "Quản trị viên của tỉnh chưa khai báo văn bản hướng dẫn" in pages[0]
    assert 'id="guidance-missing"' not in after


def test_the_request_line_names_the_proposing_body(province, authority, decision_maker, boards):
    by_board = make_proposed_spot(authority, name="Một")
    by_ward = make_proposed_spot(authority, name="Hai")
    by_unnamed_board = make_proposed_spot(authority, name="Ba")
    Dossier.objects.filter(bright_spot=by_board).update(
        letter_issuing_unit=boards["bcd_qcdc"], letter_number="15/CV-BCĐ"
    )
    Dossier.objects.filter(bright_spot=by_ward).update(
        letter_issuing_unit=authority, letter_number="16/UBND"
    )
    Dossier.objects.filter(bright_spot=by_unnamed_board).update(
        letter_issuer=LetterIssuer.STEERING_BOARD, letter_number="17/BCĐ"
    )

    draft = make_draft(authority, [by_board, by_ward, by_unnamed_board], by=decision_maker)

    assert draft.legal_basis_lines()[-1] == (
        "Xét đề nghị của BCĐ QCDC tỉnh tại Công văn số 15/CV-BCĐ ngày 20/10/2026; "
        "của Ủy ban nhân dân phường Vinh Phú tại Công văn số 16/UBND ngày 20/10/2026; "
        "của BCĐ thực hiện Quy chế dân chủ ở cơ sở phường Vinh Phú tại Công văn số "
        "17/BCĐ ngày 20/10/2026."
    )


def test_a_steering_boards_letter_names_the_board_the_process_routes_the_kind_to(
    province, boards, authority, decision_maker
):
    make_criteria_set()
    make_process(province, lambda data: data["routes"][0].update(board="ban_dan_van", via=""))
    spot = make_proposed_spot(authority)
    Dossier.objects.filter(bright_spot=spot).update(
        letter_issuer=LetterIssuer.STEERING_BOARD, letter_number="17/BDV"
    )

    draft = make_draft(authority, [spot], by=decision_maker)

    assert draft.legal_basis_lines()[-1] == (
        "Xét đề nghị của Ban Dân vận phường Vinh Phú tại Công văn số 17/BDV ngày 20/10/2026."
    )


def test_without_letters_the_request_line_names_the_boards_of_the_kinds(authority, decision_maker):
    spots = [
        make_proposed_spot(authority, kind=BrightSpotKind.DVCQ, letter=False),
        make_proposed_spot(authority, kind=BrightSpotKind.QCDC, letter=False),
    ]

    draft = make_draft(authority, spots, by=decision_maker)

    assert draft.legal_basis_lines()[-1] == (
        "Xét đề nghị của BCĐ thực hiện Quy chế dân chủ ở cơ sở và BCĐ công tác dân vận chính quyền."
    )


def test_article_one_names_the_collectives(authority, decision_maker, spots):
    school = make_department(authority, "Trường Tiểu học Vinh Phú", kind=UnitKind.SUBUNIT)
    more = [*spots, make_proposed_spot(school, name="Nhà trường thân thiện")]

    draft = make_draft(authority, more, by=decision_maker)
    fewer = services.decision_set_bright_spots(
        decision=draft, bright_spots=more[2:], by=decision_maker
    )

    assert draft.article_one == (
        "Công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026 đối với các tập thể: "
        "Phường Vinh Phú; Trường Tiểu học Vinh Phú, với điểm sáng của từng tập thể dưới đây:"
    )
    assert fewer.article_one == (
        "Công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026 đối với tập thể "
        "Trường Tiểu học Vinh Phú, với điểm sáng sau:"
    )


def test_archives_name_the_drafting_unit(authority, spots):
    office = make_department(
        authority, "Phòng Văn hóa - Xã hội", kind=UnitKind.SUBUNIT, abbreviation="VHXH"
    )
    drafter = decision_maker_of(authority)
    decision_maker_of(office, user=drafter)

    draft = make_draft(authority, spots, by=drafter)

    assert draft.recipient_lines()[-1] == "- Lưu: VT, VHXH."


def test_a_decision_is_vietnamese_whatever_the_interface_language(authority, decision_maker, spots):
    with translation.override("en"):
        draft = make_draft(authority, spots, by=decision_maker)
        deputy = services.decision_update(
            decision=draft, by=decision_maker, values={"signer": "deputy"}
        )

    assert draft.title.startswith("Về việc công nhận")
    assert draft.recipient_lines()[-1] == "- Lưu: VT, VP."
    assert signature(deputy) == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_issuing_with_a_deputy_keeps_the_block(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)
    services.decision_update(decision=draft, by=decision_maker, values={"signer": "deputy"})

    issued = services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots))

    assert (issued.signer, issued.signer_delegation) == ("deputy", "KT. CHỦ TỊCH")


def test_a_dan_van_kheo_model_is_recognised_by_the_same_decision_named_as_such(authority):
    """docs/process.md S15: "Dân vận khéo" models go through the same decision; its
    title and Article 1 name them beside the bright spots."""
    spots = [
        make_proposed_spot(authority, name="Khu dân cư tự quản"),
        make_proposed_spot(authority, kind=BrightSpotKind.DVK, name="Dân vận khéo khối 3"),
    ]

    decision = make_draft(authority, spots, by=decision_maker_of(authority))

    assert "mô hình “Dân vận khéo”" in decision.title
    assert "mô hình “Dân vận khéo”" in decision.article_one
    assert "Quy chế dân chủ ở cơ sở" in decision.title


def test_a_person_given_the_heads_powers_signs_q_before_the_title(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)

    acting = services.decision_update(
        decision=draft, by=decision_maker, values={"signer": "acting"}
    )

    assert signature(acting) == ("TM. ỦY BAN NHÂN DÂN", "", "Q. CHỦ TỊCH")


def test_the_draft_is_signed_by_the_decision_maker_in_force_on_its_date(authority, spots):
    """The chair's role ended on 31/10; from 1/11 a deputy holds it: a draft dated in
    November starts with the deputy's name and "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    chair = decision_maker_of(authority)
    chair.position = "Chủ tịch"
    chair.save()
    chair.memberships.update(ends_on=datetime.date(2026, 10, 31))
    deputy = make_member(authority, Role.DECISION_MAKER, position="Phó Chủ tịch")
    deputy.memberships.update(starts_on=datetime.date(2026, 11, 1))

    november = decision_initial(
        authority=authority, bright_spots=spots, on=datetime.date(2026, 11, 20)
    )
    october = decision_initial(
        authority=authority, bright_spots=spots, on=datetime.date(2026, 10, 20)
    )

    assert (november["signer"], november["signer_name"]) == ("deputy", deputy.full_name)
    assert (november["signer_delegation"], november["signer_title"]) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert (october["signer"], october["signer_name"]) == ("head", chair.full_name)
    assert october["signer_title"] == "CHỦ TỊCH"


def test_an_acting_head_in_a_signature_line_writes_q(province):
    from apps.core.documents import signature_lines

    assert signature_lines(province, position="Quyền Chủ tịch")[-1] == "Q. CHỦ TỊCH"

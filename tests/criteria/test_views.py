import pytest
from django.urls import reverse

from apps.criteria.forms import CriterionForm
from apps.criteria.models import CriteriaSet, Criterion
from tests.conftest import client_for
from tests.criteria.factories import make_criteria_set, use_criteria_set


@pytest.fixture
def own_set(province):
    return make_criteria_set(province=province)


@pytest.mark.django_db
def test_criteria_list_query_count_does_not_grow(officer, province, django_assert_max_num_queries):
    client = client_for(officer)
    # The session's first request does more: it also writes the default process, which
    # changes the reference cache's token, so the second fills the cache.
    client.get(reverse("criteria:list"))
    client.get(reverse("criteria:list"))
    counts = []

    for n in range(2):
        for m in range(1 + 2 * n):
            make_criteria_set(province=province, code=f"bo-{n}-{m}", criteria=3)
        # 12: with the kinds of the processes for the filter and the province's current
        # process for the kinds' names (one query each).
        with django_assert_max_num_queries(12) as captured:
            client.get(reverse("criteria:list"))
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_criteria_list_search_ignores_diacritics(officer, province):
    make_criteria_set(province=province, code="bo-a", name="Bảng điểm thi đua")
    make_criteria_set(province=province, code="bo-b", name="Bộ tiêu chí khác")

    response = client_for(officer).get(reverse("criteria:list"), {"q": "bang diem thi dua"})

    assert [s.code for s in response.context["page"]] == ["bo-a"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["criteria:detail", "criteria:print"])
def test_set_pages_show_the_criteria(officer, own_set, name):
    response = client_for(officer).get(reverse(name, args=[own_set.pk]))

    page = response.content.decode()
    assert "Tiêu chí chung" in page
    assert "Tiêu chí số 2" in page


@pytest.mark.django_db
def test_detail_query_count_is_flat(officer, province, django_assert_max_num_queries):
    small = make_criteria_set(province=province, code="nho", criteria=1)
    large = make_criteria_set(province=province, code="lon", criteria=20)
    client = client_for(officer)
    # The session's first request does more (the default process, as above).
    client.get(reverse("criteria:detail", args=[small.pk]))
    client.get(reverse("criteria:detail", args=[small.pk]))
    counts = []

    for criteria_set in (small, large):
        # 13: with the province's current process for the kinds' names.
        with django_assert_max_num_queries(13) as captured:
            client.get(reverse("criteria:detail", args=[criteria_set.pk]))
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_officer_sees_no_edit_buttons(officer, own_set):
    response = client_for(officer).get(reverse("criteria:detail", args=[own_set.pk]))

    assert reverse("criteria:edit", args=[own_set.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_admin_edits_a_criterion(province_admin, own_set):
    criterion = Criterion.objects.filter(group__criteria_set=own_set).first()

    response = client_for(province_admin).post(
        reverse("criteria:criterion_edit", args=[criterion.pk]),
        {"number": criterion.number, "text": "Nội dung đã sửa", "max_score": "10", "order": 1},
    )

    criterion.refresh_from_db()
    assert response.status_code == 302
    assert criterion.text == "Nội dung đã sửa"
    assert str(criterion.max_score) == "10.00"


@pytest.mark.django_db
def test_negative_max_score_is_refused_beside_the_field(province_admin, own_set):
    criterion = Criterion.objects.filter(group__criteria_set=own_set).first()

    response = client_for(province_admin).post(
        reverse("criteria:criterion_edit", args=[criterion.pk]),
        {"number": criterion.number, "text": "x", "max_score": "-1", "order": 1},
    )

    assert "max_score" in response.context["form"].errors


@pytest.mark.django_db
def test_frozen_set_edit_page_sends_back_with_the_reason(province_admin, own_set, commune):
    use_criteria_set(own_set, commune)
    criterion = Criterion.objects.filter(group__criteria_set=own_set).first()
    client = client_for(province_admin)

    response = client.post(
        reverse("criteria:criterion_edit", args=[criterion.pk]),
        {"number": criterion.number, "text": "Sửa", "order": 1},
        follow=True,
    )

    criterion.refresh_from_db()
    assert criterion.text == "Tiêu chí số 1"
    assert "Tạo phiên bản mới để chỉnh sửa." in response.content.decode()


@pytest.mark.django_db
def test_form_bound_to_a_frozen_set_is_invalid(own_set, commune):
    use_criteria_set(own_set, commune)
    group = own_set.groups.get()

    form = CriterionForm(group, {"number": "1.5", "text": "Mới"})

    assert not form.is_valid()
    assert form.non_field_errors()


@pytest.mark.django_db
def test_revise_leads_to_the_editable_new_version(province_admin, own_set, commune):
    use_criteria_set(own_set, commune)
    client = client_for(province_admin)

    response = client.post(reverse("criteria:revise", args=[own_set.pk]))

    revision = CriteriaSet.objects.get(code=own_set.code, version=2)
    assert response.url == revision.get_absolute_url()
    assert client.get(reverse("criteria:edit", args=[revision.pk])).status_code == 200


@pytest.mark.django_db
def test_revise_is_post_only(province_admin, own_set):
    response = client_for(province_admin).get(reverse("criteria:revise", args=[own_set.pk]))

    assert response.status_code == 405


@pytest.mark.django_db
def test_create_without_kinds_keeps_what_was_typed(province_admin, province):
    response = client_for(province_admin).post(
        reverse("criteria:create"),
        {"code": "nghe-an-2027", "name": "Bộ tiêu chí 2027", "province": province.pk},
    )

    assert response.context["form"].errors["kinds"] == ["Trường này là bắt buộc."]
    assert 'value="Bộ tiêu chí 2027"' in response.content.decode()
    assert not CriteriaSet.objects.filter(code="nghe-an-2027").exists()


@pytest.mark.django_db
def test_create_then_add_a_group_and_a_criterion(province_admin, province):
    client = client_for(province_admin)

    client.post(
        reverse("criteria:create"),
        {"code": "nghe-an-2027", "name": "Bộ 2027", "province": province.pk, "kinds": ["dvk"]},
    )
    created = CriteriaSet.objects.get(code="nghe-an-2027")
    client.post(
        reverse("criteria:group_add", args=[created.pk]),
        {"number": "1", "title": "Tiêu chí chung", "kinds": ["dvk"]},
    )
    group = created.groups.get()
    client.post(
        reverse("criteria:criterion_add", args=[group.pk]),
        {"number": "1.1", "text": "Có kế hoạch thực hiện", "max_score": "20"},
    )
    client.post(reverse("criteria:publish", args=[created.pk]))

    created.refresh_from_db()
    assert created.is_active
    assert list(group.criteria.values_list("text", "order")) == [("Có kế hoạch thực hiện", 1)]


@pytest.mark.django_db
def test_detail_offers_withdrawing_an_offered_set(province_admin, own_set):
    page = client_for(province_admin).get(own_set.get_absolute_url()).content.decode()

    assert reverse("criteria:withdraw", args=[own_set.pk]) in page
    assert reverse("criteria:publish", args=[own_set.pk]) not in page


@pytest.mark.django_db
def test_detail_says_why_an_empty_set_cannot_be_published(province_admin, province):
    empty = make_criteria_set(province=province, code="rong", criteria=0, is_active=False)

    page = client_for(province_admin).get(empty.get_absolute_url()).content.decode()

    assert reverse("criteria:publish", args=[empty.pk]) in page
    assert "Cần có ít nhất một tiêu chí trước khi áp dụng." in page
    assert 'disabled aria-describedby="why-publish"' in page


@pytest.mark.django_db
def test_publishing_an_empty_set_from_the_page_says_why(province_admin, province):
    empty = make_criteria_set(province=province, code="rong", criteria=0, is_active=False)

    response = client_for(province_admin).post(
        reverse("criteria:publish", args=[empty.pk]), follow=True
    )

    assert "Cần có ít nhất một tiêu chí trước khi áp dụng." in response.content.decode()
    assert not CriteriaSet.objects.get(pk=empty.pk).is_active

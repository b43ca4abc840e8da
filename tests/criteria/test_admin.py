import pytest
from django.urls import reverse

from apps.criteria.models import CriteriaSet
from tests.conftest import client_for
from tests.criteria.factories import make_criteria_set, use_criteria_set


@pytest.mark.django_db
def test_admin_lists_the_own_province_sets_only(province_admin, province, other_province):
    own = make_criteria_set(province=province, code="rieng")
    make_criteria_set(province=other_province, code="tinh-khac")
    make_criteria_set(province=None, code="dung-chung")

    response = client_for(province_admin).get(reverse("admin:criteria_criteriaset_changelist"))

    assert [s.pk for s in response.context["cl"].result_list] == [own.pk]


@pytest.mark.django_db
def test_admin_shows_a_frozen_set_read_only_and_refuses_changes(province_admin, province, commune):
    frozen = make_criteria_set(province=province)
    use_criteria_set(frozen, commune)
    url = reverse("admin:criteria_criteriaset_change", args=[frozen.pk])
    client = client_for(province_admin)

    page = client.get(url)
    post = client.post(url, {"name": "Tên mới", "kinds": ["qcdc"]})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    assert CriteriaSet.objects.get(pk=frozen.pk).name == frozen.name


@pytest.mark.django_db
def test_admin_revise_action_creates_the_next_version(province_admin, province, commune):
    frozen = make_criteria_set(province=province)
    use_criteria_set(frozen, commune)

    client_for(province_admin).post(
        reverse("admin:criteria_criteriaset_changelist"),
        {"action": "revise", "_selected_action": [frozen.pk]},
    )

    assert CriteriaSet.objects.filter(code=frozen.code, version=2).exists()

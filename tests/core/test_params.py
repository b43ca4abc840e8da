"""Malformed query parameters never answer 500: Unicode digits that ``isdigit()``
accepts and ``int()`` refuses, numbers too large for PostgreSQL, NUL bytes; and a
``?unit=`` filter never shows a unit outside the user's reach."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core import params
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["²", "١٢", "9" * 40, "-3", "2026.5", "", "abc"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_bad_year_falls_back_to_the_default(value):
    assert params.year({"year": value}, default=2026) == 2026


def test_a_good_year_is_read():
    assert params.year({"year": "2025"}, default=2026) == 2025


@pytest.mark.parametrize("value", ["²", "0", "9" * 30, "x"])
def test_a_bad_page_is_the_first(value):
    assert params.page({"page": value}) == 1


def test_a_key_too_large_for_bigint_is_ignored():
    assert params.key({"unit": str(2**63)}, "unit") is None
    assert params.key({"unit": str(2**63 - 1)}, "unit") == 2**63 - 1


@pytest.mark.parametrize("value", ["²", "9" * 40, "٣"])
def test_the_public_showcase_survives_any_page_number(client, value):
    response = client.get(reverse("reports:showcase"), {"page": value})

    assert response.status_code == 200


PAGES_WITH_A_YEAR = [
    "brightspots:list",
    "brightspots:inbox",
    "reports:dashboard",
    "reports:summary",
    "reports:review_list",
    "reminders:log",
    "decisions:list",
    "cycles:list",
]


@pytest.mark.parametrize("name", PAGES_WITH_A_YEAR)
@pytest.mark.parametrize("value", ["²", "9" * 40])
def test_year_filters_survive_malformed_values(name, value, province, cycle):
    admin = make_member(province, Role.ADMIN, Role.STEERING)

    response = client_for(admin).get(reverse(name), {"year": value, "q": value, "unit": value})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["brightspots:list", "dossiers:queue", "decisions:list", "units:list", "cycles:list"]
)
def test_a_nul_byte_in_a_search_is_refused_with_400(name, officer):
    response = client_for(officer).get(reverse(name), {"q": "điểm\x00sáng"})

    assert response.status_code == 400


def test_a_nul_byte_in_an_admin_filter_is_refused_with_400(admin_client):
    response = admin_client.get(reverse("admin:units_unit_changelist"), {"q": "a\x00b"})

    assert response.status_code == 400


@pytest.mark.parametrize("name", ["brightspots:list", "dossiers:queue"])
def test_a_unit_filter_outside_reach_is_404_and_shows_no_name(name, officer, other_province):
    response = client_for(officer).get(reverse(name), {"unit": other_province.pk})

    assert response.status_code == 404
    assert other_province.name not in response.content.decode()


@pytest.mark.parametrize("name", ["brightspots:list", "dossiers:queue"])
def test_a_unit_filter_inside_reach_narrows_the_list(name, officer, commune):
    response = client_for(officer).get(reverse(name), {"unit": commune.pk})

    assert response.status_code == 200
    assert commune.name in response.content.decode()


def test_the_admin_extension_form_with_no_cycle_shows_errors_not_500(admin_client):
    response = admin_client.post(
        reverse("admin:cycles_deadlineextension_add"),
        {"cycle": "", "unit": "", "deadline": "registration", "new_date": "", "reason": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors

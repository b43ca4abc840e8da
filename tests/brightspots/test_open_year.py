"""Pages open on the open cycle, and a closed year says so before its form."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import registration_list_send
from apps.cycles.models import ProcessRules
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.cycles.factories import make_extension
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(province):
    """2026, whose dates are over by December, and 2027, set up for registration."""
    return {year: make_cycle(province, year) for year in (2026, 2027)}


@pytest.fixture
def december_4():
    with at_local(2026, 12, 4):
        yield


@pytest.fixture
def sent_for_2027(two_years, commune, leader, boards):
    spot = make_bright_spot(commune, cycle=two_years[2027])
    with at_local(2026, 12, 1):
        registration_list_send(registration_list=spot.registration_list, by=leader)
    return spot


# ---------------------------------------------------------------- the open cycle


def test_the_inbox_opens_on_the_open_cycle(sent_for_2027, province, december_4):
    steering = make_member(province, Role.STEERING)

    response = client_for(steering).get(reverse("brightspots:inbox"))

    assert response.context["form"]["year"].value() == "2027"
    rows = list(response.context["page"])
    assert [row.registration_list_id for row in rows] == [sent_for_2027.registration_list_id]


def test_the_bright_spot_list_opens_on_the_open_cycle(officer, commune, two_years, december_4):
    make_bright_spot(commune, cycle=two_years[2026])
    new = make_bright_spot(commune, cycle=two_years[2027])

    response = client_for(officer).get(reverse("brightspots:list"))

    assert list(response.context["page"]) == [new]


def test_the_unit_year_page_opens_on_the_open_cycle(officer, commune, two_years, december_4):
    response = client_for(officer).get(reverse("brightspots:unit_year", args=[commune.pk]))

    assert response.context["cycle"] == two_years[2027]
    assert response.context["years"] == [2027, 2026]


def test_a_year_asked_for_is_kept(officer, commune, two_years, december_4):
    url = reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026"

    response = client_for(officer).get(url)

    assert response.context["cycle"] == two_years[2026]


# ---------------------------------------------------------------- a closed year


def _create(unit, year):
    return reverse("brightspots:create", args=[unit.pk]) + f"?year={year}"


def test_a_closed_year_says_so_before_the_form(officer, commune, two_years, december_4):
    response = client_for(officer).get(_create(commune, 2026))

    body = response.content.decode()
    assert 'id="drafting-closed"' in body
    assert "30/03/2026" in body
    assert 'name="name"' not in body
    assert "form" not in response.context


def test_posting_to_a_closed_year_drafts_nothing(officer, commune, two_years, december_4):
    response = client_for(officer).post(_create(commune, 2026), {"name": "Điểm sáng"})

    assert BrightSpot.objects.count() == 0
    assert "30/03/2026" in response.content.decode()


def test_the_open_year_shows_the_form(officer, commune, two_years, december_4):
    response = client_for(officer).get(_create(commune, 2027))

    assert 'name="name"' in response.content.decode()


def test_an_extension_opens_the_form_again(officer, commune, two_years, december_4):
    make_extension(two_years[2026], commune, new_date=datetime.date(2026, 12, 15))

    response = client_for(officer).get(_create(commune, 2026))

    assert 'name="name"' in response.content.decode()


def test_drafting_stays_open_where_the_province_switched_it_off(
    officer, province, commune, two_years, december_4
):
    ProcessRules.objects.create(province=province, drafting_closes=False)

    response = client_for(officer).get(_create(commune, 2026))

    assert 'name="name"' in response.content.decode()


def test_a_closed_year_offers_no_link_to_create(officer, commune, two_years, december_4):
    url = reverse("brightspots:unit_year", args=[commune.pk])

    closed = client_for(officer).get(url + "?year=2026").content.decode()
    opened = client_for(officer).get(url + "?year=2027").content.decode()

    assert 'id="new-bright-spot"' not in closed
    assert 'id="drafting-closed"' in closed
    assert "30/03/2026" in closed
    assert 'id="new-bright-spot"' in opened

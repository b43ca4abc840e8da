"""At 390 × 844 (a phone): no main page is wider than the screen, the menu folds away
behind a button and opens with it, and buttons are large enough to tap."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.services import registration_list_send
from tests.brightspots.factories import make_bright_spot, make_criteria_set, make_cycle
from tests.core.test_browser import _log_in
from tests.factories import make_member, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
WIDTH_JS = "() => document.documentElement.scrollWidth"


@pytest.fixture
def year_under_way(province, commune, other_commune, boards):
    cycle = make_cycle(province, 2026)
    make_cycle(province, 2027)  # open for drafting
    make_member(other_commune, Role.OFFICER, username="drafter")
    make_criteria_set(code="nghe-an")
    leader = make_member(commune, Role.LEADER, username="leader")
    make_member(commune, Role.OFFICER, username="officer")
    make_member(boards["bcd_qcdc"], Role.STEERING, username="board")
    make_member(province, Role.ADMIN, username="quantri")
    for n in range(3):
        other = make_unit(f"Xã có tên khá dài số {n} của huyện miền núi", parent=province)
        make_bright_spot(other, cycle=cycle, name=f"Mô hình dân vận khéo có tên rất dài số {n}")
    spot = make_bright_spot(commune, cycle=cycle, name="Đối thoại định kỳ với nhân dân khối phố")
    registration_list_send(
        registration_list=spot.registration_list,
        by=leader,
        now=datetime.datetime(2026, 3, 20, tzinfo=datetime.UTC),
    )
    return cycle


def _pages(commune, province, other_commune) -> dict[str, list[str]]:
    return {
        "drafter": [reverse("brightspots:create", args=[other_commune.pk]) + "?year=2027"],
        "officer": [
            reverse("home"),
            reverse("brightspots:list"),
            reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026",
            reverse("brightspots:create", args=[commune.pk]) + "?year=2026",
            reverse("notifications:list"),
            reverse("dossiers:queue"),
        ],
        "board": [
            reverse("brightspots:inbox") + "?year=2026",
            reverse("reports:dashboard") + "?year=2026",
            reverse("reports:summary") + "?year=2026",
        ],
        "quantri": [
            reverse("cycles:list"),
            reverse("cycles:process", args=[province.pk]),
            reverse("units:list"),
        ],
    }


def test_no_main_page_is_wider_than_a_phone(page, province, commune, other_commune, year_under_way):
    page.set_viewport_size(PHONE)
    too_wide = {}
    for user, urls in _pages(commune, province, other_commune).items():
        page.context.clear_cookies()
        _log_in(page, user)
        for url in urls:
            page.goto(page.base_url + url)
            width = page.evaluate(WIDTH_JS)
            if width > PHONE["width"]:
                too_wide[url] = width
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("reports:showcase"))

    assert too_wide == {}
    assert page.evaluate(WIDTH_JS) <= PHONE["width"]


def test_the_menu_folds_behind_a_button_on_a_phone(page, province, commune, year_under_way):
    page.set_viewport_size(PHONE)
    _log_in(page, "officer")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("header.top nav.main")

    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    box = menu.get_by_role("link").first.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24

    page.set_viewport_size({"width": 1280, "height": 800})
    assert menu.is_visible()
    assert not toggle.is_visible()

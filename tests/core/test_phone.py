"""At 390 × 844 (a phone): no main page is wider than the screen, the menu folds away
behind a button and opens with it, and buttons are large enough to tap."""

import pytest
from django.urls import reverse

from tests.core.test_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
WIDTH_JS = "() => document.documentElement.scrollWidth"


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
    for url in (reverse("reports:showcase"), reverse("home")):
        page.goto(page.base_url + url)
        if page.evaluate(WIDTH_JS) > PHONE["width"]:
            too_wide[url] = page.evaluate(WIDTH_JS)

    assert too_wide == {}


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

"""On the demo's lived-in years, at 390 × 844 (a phone) and 1280 × 800: no main page
is wider than the screen, the menu folds away behind a button and opens with it, list
pages read as cards on a phone, and every button, menu link and input is at least
24 × 24 CSS px (WCAG 2.2, 2.5.8)."""

import pytest
from django.urls import reverse

from apps.brightspots.models import BrightSpot
from apps.core.demo.calendar import story_calendar
from apps.decisions.models import Certificate, Decision
from apps.units.models import Unit
from tests.core.conftest import demo_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDTH_JS = "() => document.documentElement.scrollWidth"

# Visible controls smaller than 24 × 24 CSS px: buttons, menu links, inputs (a link in
# running text is exempt by WCAG 2.5.8's inline exception).
SMALL_TARGETS_JS = """() => {
  const nodes = document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, nav a, a.button, summary');
  const small = [];
  for (const node of nodes) {
    const box = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (style.pointerEvents === 'none' || style.opacity === '0') continue;  // not a target
    if (box.width < 24 || box.height < 24) {
      const name = node.name || node.textContent.trim().slice(0, 20);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${node.tagName.toLowerCase()}.${node.className} ${name} ${size}`);
    }
  }
  return small;
}"""


def demo_pages() -> dict[str, list[str]]:
    """The main pages of each demo account, on the demo's data ("" logs out first)."""
    province = Unit.objects.get(code="P40")
    commune = Unit.objects.get(code="W16702")
    years = story_calendar(province)
    spot = BrightSpot.objects.filter(unit=commune, cycle__year=years.past).first()
    decision = Decision.objects.filter(authority=commune).order_by("year").first()
    return {
        "": [
            reverse("home"),
            reverse("reports:showcase"),
            reverse("login"),
            reverse("verify:certificate", args=[Certificate.objects.first().code]),
        ],
        "canbo": [
            reverse("home"),
            reverse("brightspots:list"),
            reverse("brightspots:unit_year", args=[commune.pk]) + f"?year={years.current}",
            reverse("brightspots:create", args=[commune.pk]) + f"?year={years.next}",
            spot.get_absolute_url(),
            reverse("notifications:list"),
            reverse("dossiers:queue"),
        ],
        "thamdinhxa": [reverse("home"), reverse("dossiers:queue")],
        "bcd": [
            reverse("home"),
            reverse("brightspots:inbox"),
            reverse("reports:dashboard") + f"?year={years.past}",
            reverse("reports:summary") + f"?year={years.past}",
        ],
        "chutich": [reverse("home"), reverse("decisions:list"), decision.get_absolute_url()],
        "quantri": [
            reverse("home"),
            reverse("cycles:list"),
            reverse("cycles:process", args=[province.pk]),
            reverse("units:list"),
        ],
    }


def visit_all(page, check, language: str = "vi") -> dict[str, object]:
    """``check(page)`` on every page of ``demo_pages``, as its account, in ``language``;
    what it found (a true value) by URL."""
    found = {}
    for username, urls in demo_pages().items():
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": page.base_url}]
        )
        if username:
            demo_log_in(page, username)
        for url in urls:
            page.goto(page.base_url + url)
            result = check(page)
            if result:
                found[f"{username or 'visitor'} {url}"] = result
    return found


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_main_page_is_wider_than_the_screen(page, demo, size):
    page.set_viewport_size(size)

    too_wide = visit_all(page, lambda p: max(p.evaluate(WIDTH_JS) - size["width"], 0))

    assert too_wide == {}


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_button_menu_link_and_input_is_at_least_24_px(page, demo, size):
    page.set_viewport_size(size)

    small = visit_all(page, lambda p: p.evaluate(SMALL_TARGETS_JS))

    assert small == {}


def test_list_pages_read_as_cards_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    demo_log_in(page, "canbo")

    page.goto(
        page.base_url
        + reverse("brightspots:list")
        + f"?year={story_calendar(Unit.objects.get(code='P40')).past}"
    )
    row = page.locator("table.cards tbody tr").first
    cell = row.locator("td").nth(1)

    assert (
        page.locator("table.cards thead").evaluate("e => getComputedStyle(e).position")
        == "absolute"
    )
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") != "none"
    assert row.bounding_box()["width"] <= PHONE["width"]


def test_the_menu_folds_behind_a_button_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    demo_log_in(page, "canbo")
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

    page.set_viewport_size(DESKTOP)
    assert menu.is_visible()
    assert not toggle.is_visible()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_administrators_pages_open_from_one_disclosure(page, demo, size):
    page.set_viewport_size(size)
    demo_log_in(page, "quantri")
    if size is PHONE:
        page.get_by_role("button", name="Menu").click()
    nav = page.locator("header.top nav.main")
    more = nav.locator("details.more summary")
    operations = nav.get_by_role("link", name="Vận hành")

    top = nav.locator(":scope > a").all_inner_texts()
    assert "Vận hành" not in top and "Đơn vị" not in top
    assert not operations.is_visible()
    if size is DESKTOP:  # the bar stays one line high
        assert nav.bounding_box()["height"] <= 2 * more.bounding_box()["height"]
    more.focus()
    page.keyboard.press("Enter")  # a native disclosure: the keyboard opens it
    assert operations.is_visible()
    box = operations.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    operations.click()
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.url.endswith("/operations/")

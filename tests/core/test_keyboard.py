"""One walk through the year's loop with the keyboard only (Tab, Shift+Tab, typing,
Enter, Space, the arrow keys in a list box), on the demo's data: the officer logs in
and registers a bright spot, the leader approves and sends the list, the board
acknowledges it. Every element the keyboard reaches shows a focus ring."""

import pytest
from django.urls import reverse

from apps.brightspots.models import BrightSpot
from apps.core.demo.calendar import story_calendar
from apps.core.management.commands.load_demo_data import DEMO_PASSWORD
from apps.units.models import Unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# The focused element's ring: an outline (or box-shadow) at least 2 px wide.
FOCUS_RING_JS = """() => {
  const node = document.activeElement;
  const style = getComputedStyle(node);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== 'none';
}"""
NAME = "Lấy ý kiến nhân dân bằng phiếu điện tử"


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus, checking the
    focus ring of every element reached on the way."""
    for _step in range(limit):
        page.keyboard.press("Tab")
        tag = page.evaluate("() => document.activeElement.tagName")
        if tag != "BODY":
            assert page.evaluate(FOCUS_RING_JS), page.evaluate(
                "() => document.activeElement.outerHTML.slice(0, 120)"
            )
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit(page) -> None:
    """Enter on the focused button, and wait for the page the form leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("login"))
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(page.base_url + reverse("home"))


def test_the_loop_with_the_keyboard_only(page, demo):
    page.on("dialog", lambda dialog: dialog.accept())  # the browser's own confirmation
    commune = Unit.objects.get(code="W16702")
    year = story_calendar(Unit.objects.get(code="P40")).next

    log_in(page, "canbo")
    page.goto(page.base_url + reverse("brightspots:create", args=[commune.pk]) + f"?year={year}")
    tab_to(page, "select[name=kind]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=name]")
    page.keyboard.type(NAME)
    tab_to(page, "[name=address]")
    page.keyboard.type("Nhà văn hóa khối 2, phường Vinh Phú")
    tab_to(page, "select[name=officer]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=activities-0-description]")
    page.keyboard.type("Phát phiếu và tổng hợp ý kiến")
    tab_to(page, "input[name=activities-0-start_date]")
    page.keyboard.type(f"01/04/{year}")
    tab_to(page, "input[name=activities-0-end_date]")
    page.keyboard.type(f"30/06/{year}")
    tab_to(page, "main form.stacked button[type=submit]")
    submit(page)

    spot = BrightSpot.objects.get(name=NAME)
    assert (spot.cycle.year, spot.status) == (year, "draft")

    log_in(page, "lanhdao")
    page.goto(page.base_url + reverse("brightspots:unit_year", args=[commune.pk]) + f"?year={year}")
    tab_to(page, "form.send input[type=checkbox]")
    page.keyboard.press("Space")
    tab_to(page, "#send-list")
    submit(page)

    spot.refresh_from_db()
    assert spot.status == "registered"

    log_in(page, "bcd")
    page.goto(page.base_url + reverse("brightspots:inbox") + f"?year={year}&status=pending")
    box = f"input[name=routing][value='{spot.registration_list.routings.get(kind=spot.kind).pk}']"
    tab_to(page, box)
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    tab_to(page, "#bulk-acknowledge button[type=submit]")
    submit(page)

    spot.refresh_from_db()
    assert spot.status == "acknowledged"

"""Date fields: typed as dd/mm/yyyy, with a button beside each that opens the browser's
date picker from the keyboard; the typed text stays what the server reads."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.cycles.models import Cycle
from apps.cycles.selectors import local_today
from tests.brightspots.factories import make_criteria_set, make_cycle
from tests.conftest import client_for
from tests.core.test_csp import RECORDER
from tests.factories import PASSWORD, make_member


def _field(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.django_db
def test_a_date_field_shows_its_date_as_typed_and_names_its_picker_button(province_admin, province):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).get(reverse("cycles:change_dates", args=[cycle.pk]))

    field = _field(response.content.decode(), "registration_deadline")
    assert 'type="text"' in field
    assert 'value="30/03/2026"' in field
    assert 'placeholder="dd/mm/yyyy"' in field
    # A full keyboard: a digits-only pad (inputmode="numeric") has no "/" on phones.
    assert "inputmode" not in field
    assert 'autocomplete="off"' in field
    assert 'data-datepicker="Chọn ngày"' in field


def _log_in(page, username: str) -> None:
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _open_the_cycle_form(page, province) -> None:
    page.add_init_script(RECORDER)
    _log_in(page, "padmin")
    page.goto(page.base_url + reverse("cycles:create"))
    page.select_option("select[name=province]", str(province.pk))
    page.fill("input[name=year]", "2027")


def _submit(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form.stacked button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_date_picked_with_the_keyboard_is_typed_into_the_field_and_saved(
    page, province_admin, province
):
    _open_the_cycle_form(page, province)
    field = page.locator("input[name=registration_deadline]")
    field.fill("05/04/2027")

    page.keyboard.press("Tab")
    button = page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Enter")  # the browser's picker opens on the typed day
    # The native popup opens asynchronously and shows in no DOM to wait on.
    page.wait_for_timeout(500)
    page.keyboard.press("ArrowDown")  # a week later
    page.screenshot(path="/tmp/datepicker-1280.png")
    page.keyboard.press("Enter")
    # The day chosen reaches the field once the popup has closed.
    page.wait_for_function(
        "() => document.querySelector('input[name=registration_deadline]').value !== '05/04/2027'",
        timeout=3000,
    )

    assert button.startswith('<button type="button"')
    assert 'aria-label="Chọn ngày"' in button
    assert field.input_value() == "12/04/2027"
    assert page.evaluate("document.activeElement.name") == "registration_deadline"
    _submit(page)
    page.wait_for_url(lambda url: "/new/" not in url)
    cycle = Cycle.objects.get(province=province, year=2027)
    assert cycle.registration_deadline == datetime.date(2027, 4, 12)
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_an_impossible_typed_date_is_kept_and_refused(page, province_admin, province):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_the_cycle_form(page, province)
    page.fill("input[name=progress_deadline]", "31/02/2027")
    page.click("input[name=progress_deadline] + button")
    page.screenshot(path="/tmp/datepicker-390.png")
    page.keyboard.press("Escape")

    _submit(page)
    page.locator(".error-summary").wait_for()

    assert "Nhập một ngày hợp lệ." in page.locator("main").inner_text()
    assert page.input_value("input[name=progress_deadline]") == "31/02/2027"
    assert page.locator("input[name=progress_deadline] + button.datepicker-button").count() == 1
    assert not Cycle.objects.exists()
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_activity_row_added_to_the_plan_gets_its_picker_buttons(page, province, commune):
    year = local_today().year
    make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")
    make_member(commune, Role.OFFICER, username="officer")
    _log_in(page, "officer")
    page.goto(page.base_url + reverse("brightspots:create", args=[commune.pk]) + f"?year={year}")
    rows = page.locator("table.activities tbody tr")
    count = rows.count()

    page.click("#add-activity")

    assert rows.count() == count + 1
    assert rows.last.locator("button.datepicker-button").count() == 2

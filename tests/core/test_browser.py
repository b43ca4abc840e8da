"""In Chromium: a form sent with errors opens on the error summary, which links to
the field; an officer's menu; the unread badge is legible; logging out says so."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.cycles.selectors import local_today
from apps.notifications.models import Notification
from tests.brightspots.factories import make_criteria_set, make_cycle
from tests.factories import PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG's contrast ratio of the text and background colours an element is drawn with.
CONTRAST_JS = """element => {
  const style = getComputedStyle(element);
  const luminance = css => {
    const [r, g, b] = css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def _log_in(page, username):
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def test_a_form_with_errors_opens_on_the_summary_linking_to_the_field(page, province, commune):
    year = local_today().year
    make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")
    make_member(commune, Role.OFFICER, username="officer")
    _log_in(page, "officer")
    page.goto(page.base_url + reverse("brightspots:create", args=[commune.pk]) + f"?year={year}")
    page.select_option("select[name=kind]", "qcdc")
    page.fill("input[name=name]", "Công khai thu chi quỹ khối phố")
    page.fill("input[name=activities-0-description]", "Đối thoại với nhân dân")
    page.fill("input[name=activities-0-start_date]", f"31/02/{year}")
    page.fill("input[name=activities-0-end_date]", f"30/06/{year}")

    page.click("main form.stacked button[type=submit]")
    summary = page.locator(".error-summary")
    summary.wait_for()

    assert page.evaluate("document.querySelector('main').firstElementChild.className") == (
        "error-summary"
    )
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert summary.bounding_box()["y"] < 200
    assert summary.locator("h2").inner_text() == "Có lỗi cần sửa"
    assert page.input_value("input[name=name]") == "Công khai thu chi quỹ khối phố"
    assert page.input_value("input[name=activities-0-description]") == "Đối thoại với nhân dân"
    assert page.input_value("input[name=activities-0-start_date]") == f"31/02/{year}"
    summary.locator("a[href='#id_activities-0-start_date']").click()
    assert page.evaluate("document.activeElement.name") == "activities-0-start_date"
    summary.locator("a[href='#id_address']").click()
    assert page.evaluate("document.activeElement.name") == "address"


def test_an_officers_menu_leaves_out_the_boards_pages(page, commune):
    make_member(commune, Role.OFFICER, username="officer")

    _log_in(page, "officer")

    menu = page.locator("nav.main a").all_inner_texts()
    assert "Điểm sáng" in menu
    assert not {"Danh sách đăng ký", "Thẩm định", "Bộ tiêu chí", "Đơn vị"} & set(menu)


def test_the_unread_badge_has_a_contrast_of_at_least_4_5(page, commune):
    officer = make_member(commune, Role.OFFICER, username="officer")
    Notification.objects.create(user=officer, message="Danh sách đã được tiếp nhận", url="/")

    _log_in(page, "officer")

    badge = page.locator("header.top .badge")
    assert badge.inner_text() == "1"
    assert badge.evaluate(CONTRAST_JS) >= 4.5


def test_logging_out_says_so(page, commune):
    make_member(commune, Role.OFFICER, username="officer")
    _log_in(page, "officer")

    page.click("header.top button.link")

    page.wait_for_url(page.base_url + reverse("login"))
    assert page.locator(".messages").inner_text() == "Bạn đã đăng xuất."

"""In Chromium: a board acknowledges two lists at once from its inbox; a recognised
spot reaches the public showcase once its unit agrees and Ban Dân vận publishes it."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.cycles.selectors import local_today
from tests.brightspots.factories import make_bright_spot, make_criteria_set, make_cycle
from tests.brightspots.test_browser import _log_in
from tests.factories import make_member, make_unit
from tests.reports.factories import recognise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_acknowledges_two_lists_in_one_step(page, province, boards):
    year = local_today().year
    cycle = make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")  # a transactional test starts without migration data
    make_member(boards["bcd_qcdc"], Role.STEERING, username="board")
    for name in ("Xã Một", "Xã Hai"):
        commune = make_unit(name, parent=province)
        leader = make_member(commune, Role.LEADER)
        spot = make_bright_spot(commune, cycle=cycle)
        registration_list_send(registration_list=spot.registration_list, by=leader)

    _log_in(page, "board")
    page.goto(page.base_url + reverse("brightspots:inbox"))
    page.get_by_label("Tiếp nhận danh sách của Xã Một").check()
    page.get_by_label("Tiếp nhận danh sách của Xã Hai").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#bulk-acknowledge button[type=submit]")
    page.wait_for_selector("text=Đã tiếp nhận 2 danh sách; đơn vị đã được thông báo.")

    assert set(RegistrationRouting.objects.values_list("status", flat=True)) == {"acknowledged"}
    assert page.locator("input[form=bulk-acknowledge]").count() == 0


def test_the_unit_agrees_ban_dan_van_publishes_and_a_visitor_sees_it(
    page, province, commune, boards
):
    cycle = make_cycle(province, 2026)
    make_criteria_set(code="nghe-an")
    make_member(commune, Role.LEADER, username="leader")
    make_member(boards["ban_dan_van"], Role.STEERING, username="bandanvan")
    spot = make_bright_spot(
        commune, cycle=cycle, name="Tổ hòa giải kiểu mẫu", status="in_recognition"
    )
    recognise(spot)
    spot_url = page.base_url + spot.get_absolute_url()

    _log_in(page, "leader")
    page.goto(spot_url)
    page.fill("#publication-agree-form textarea[name=summary]", "Tổ hòa giải họp mỗi tháng")
    page.fill("#publication-agree-form textarea[name=effect]", "Không còn khiếu kiện kéo dài")
    page.click("#publication-agree-form button[type=submit]")
    page.wait_for_selector("text=Đã đồng ý: Ban công khai đã được đề nghị giới thiệu điểm sáng.")
    _log_in(page, "bandanvan")
    page.goto(spot_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#publish-form button[type=submit]")
    page.wait_for_selector("text=Đang giới thiệu công khai")
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("reports:showcase"))

    assert page.locator("main").get_by_text("Tổ hòa giải kiểu mẫu").count() >= 1
    assert page.locator("main").get_by_text("Tổ hòa giải họp mỗi tháng").count() >= 1

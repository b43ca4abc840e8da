"""End to end in Chromium: an officer drafts two bright spots, the leader sends the
list, the board acknowledges it."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import BrightSpot, RegistrationList, RegistrationRouting
from apps.cycles.selectors import local_today
from tests.brightspots.factories import make_bright_spot, make_criteria_set, make_cycle
from tests.factories import PASSWORD, make_member


def _log_in(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _draft(page, unit_url, *, name, address, year):
    page.goto(unit_url)
    page.click("#new-bright-spot")
    page.select_option("select[name=kind]", "qcdc")
    page.fill("input[name=name]", name)
    page.fill("input[name=address]", address)
    page.fill("input[name=activities-0-description]", "Tổ chức hội nghị đối thoại với nhân dân")
    page.fill("input[name=activities-0-start_date]", f"01/04/{year}")
    page.fill("input[name=activities-0-end_date]", f"30/06/{year}")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_selector("text=Đã lưu điểm sáng ở trạng thái dự thảo.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_drafts_leader_sends_board_acknowledges(page, province, commune, boards):
    year = local_today().year
    make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")  # a transactional test starts without migration data
    make_member(commune, Role.OFFICER, username="officer")
    make_member(commune, Role.LEADER, username="leader")
    make_member(boards["bcd_qcdc"], Role.STEERING, username="board")
    unit_url = page.base_url + reverse("brightspots:unit_year", args=[commune.pk])

    _log_in(page, "officer")
    _draft(page, unit_url, name="Công khai thu chi quỹ khối phố", address="Khối 3", year=year)
    _draft(page, unit_url, name="Đối thoại định kỳ với nhân dân", address="Khối 5", year=year)
    _log_in(page, "leader")
    page.goto(unit_url)
    page.check("input[name=approve]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#send-list")
    page.wait_for_selector("text=Đã gửi danh sách đăng ký đến các Ban.")
    _log_in(page, "board")
    page.click("nav.main >> text=Danh sách đăng ký")
    page.click(f"main table >> text={commune.name}")
    page.click("#acknowledge-form button[type=submit]")
    page.wait_for_selector("text=Đã tiếp nhận; đơn vị đã được thông báo.")

    assert page.inner_text("#routing-status") == "Đã tiếp nhận"
    assert sorted(BrightSpot.objects.values_list("status", flat=True)) == [
        "acknowledged",
        "acknowledged",
    ]
    assert RegistrationList.objects.get().status == "acknowledged"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_provincial_steering_board_hears_of_a_sent_list(page, province, commune, boards):
    year = local_today().year
    cycle = make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")
    make_member(commune, Role.LEADER, username="leader")
    make_member(province, Role.STEERING, username="bcd")  # as in the demo data
    make_bright_spot(commune, cycle=cycle, kind="qcdc", name="Công khai thu chi quỹ khối phố")
    unit_url = page.base_url + reverse("brightspots:unit_year", args=[commune.pk])

    _log_in(page, "leader")
    page.goto(unit_url)
    page.check("input[name=approve]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#send-list")
    page.wait_for_selector("text=Đã gửi danh sách đăng ký đến các Ban.")
    _log_in(page, "bcd")
    page.click(f"a[href='{reverse('notifications:list')}']")
    notice = page.locator("tr", has_text=f"Danh sách đăng ký năm {year} của {commune.name}")
    notice.locator("button[type=submit]").click()
    page.wait_for_selector("#routing-status")

    routing = RegistrationRouting.objects.get()
    assert page.url == page.base_url + reverse("brightspots:routing_detail", args=[routing.pk])
    assert page.inner_text("#routing-status") == "Chờ Ban tiếp nhận"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_closed_year_says_so_before_the_form(page, province, commune):
    year = local_today().year
    make_cycle(province, year - 1)  # its lists were due on 30/03 last year
    make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set(code="nghe-an")
    make_member(commune, Role.OFFICER, username="officer")
    unit_url = page.base_url + reverse("brightspots:unit_year", args=[commune.pk])
    closed = f"Thời hạn đăng ký năm {year - 1} đã kết thúc ngày 30/03/{year - 1}"

    _log_in(page, "officer")
    page.goto(f"{unit_url}?year={year - 1}")
    unit_page_says = page.inner_text("#drafting-closed")
    links_to_create = page.locator("#new-bright-spot").count()
    create_url = page.base_url + reverse("brightspots:create", args=[commune.pk])
    page.goto(f"{create_url}?year={year - 1}")
    create_page_says = page.inner_text("#drafting-closed")
    fields = page.locator("input[name=name]").count()
    page.goto(unit_url)  # the open year
    page.click("#new-bright-spot")

    assert closed in unit_page_says
    assert links_to_create == 0
    assert closed in create_page_says
    assert fields == 0
    page.wait_for_selector("input[name=name]")

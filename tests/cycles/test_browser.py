import re

import pytest
from django.urls import reverse

from apps.cycles.models import DeadlineExtension
from tests.cycles.factories import make_cycle
from tests.factories import PASSWORD


def _log_in_as_padmin(page) -> None:
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", "padmin")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _granted_url(cycle):
    return re.compile(re.escape(cycle.get_absolute_url()) + r"\?extended=\d+")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_grants_an_extension_after_confirming(page, province_admin, province, commune):
    cycle = make_cycle(province, 2026)
    _log_in_as_padmin(page)
    page.goto(page.base_url + cycle.get_absolute_url())
    page.click("text=Gia hạn cho một đơn vị")

    page.select_option("select[name=unit]", str(commune.pk))
    page.check("input[name=deadlines][value=registration]")
    page.fill("input[name=new_date]", "05/04/2026")
    page.fill("textarea[name=reason]", "Sáp nhập đơn vị hành chính")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form.stacked button[type=submit]")

    page.wait_for_url(_granted_url(cycle))
    assert (
        "Phường Vinh Phú được gia hạn: Gửi danh sách đăng ký đến hết ngày 05/04/2026."
        in page.content()
    )
    assert DeadlineExtension.objects.get().new_date.isoformat() == "2026-04-05"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_grants_two_deadlines_at_once_sees_them_in_the_history_and_keeps_the_unit(
    page, province_admin, province, commune
):
    cycle = make_cycle(province, 2026)
    _log_in_as_padmin(page)
    page.goto(page.base_url + cycle.get_absolute_url())
    page.click("text=Gia hạn cho một đơn vị")
    page.fill("input[name=q]", "vinh phu")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"\?q=vinh\+phu"))

    page.select_option("select[name=unit]", str(commune.pk))
    page.check("input[name=deadlines][value=registration]")
    page.fill("input[name=new_date_registration]", "05/04/2026")
    page.check("input[name=deadlines][value=progress]")
    page.fill("input[name=new_date_progress]", "30/06/2026")
    page.fill("textarea[name=reason]", "Sáp nhập đơn vị hành chính")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form.stacked button[type=submit]")

    page.wait_for_url(_granted_url(cycle))
    history = page.locator("h2:has-text('Lịch sử') + ul").inner_text()
    assert "Gửi danh sách đăng ký: 30/03/2026 → 05/04/2026" in history
    assert "Cập nhật tiến độ 6 tháng: 15/06/2026 → 30/06/2026" in history
    assert history.count("gia hạn cho Phường Vinh Phú") == 2
    assert history.count("Sáp nhập đơn vị hành chính") == 2

    page.click("text=Gia hạn thêm hạn khác cho Phường Vinh Phú")
    page.wait_for_url(re.compile(r"/extend/\?unit=\d+&q=vinh\+phu"))
    assert page.input_value("select[name=unit]") == str(commune.pk)
    assert page.input_value("input[name=q]") == "vinh phu"

import pytest
from django.urls import reverse

from apps.cycles.models import DeadlineExtension
from tests.cycles.factories import make_cycle
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_grants_an_extension_after_confirming(page, province_admin, province, commune):
    cycle = make_cycle(province, 2026)
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", "padmin")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))
    page.goto(page.base_url + cycle.get_absolute_url())
    page.click("text=Gia hạn cho một đơn vị")

    page.select_option("select[name=unit]", str(commune.pk))
    page.select_option("select[name=deadline]", "registration")
    page.fill("input[name=new_date]", "05/04/2026")
    page.fill("textarea[name=reason]", "Sáp nhập đơn vị hành chính")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form.stacked button[type=submit]")

    page.wait_for_url(page.base_url + cycle.get_absolute_url())
    assert "Phường Vinh Phú được gia hạn đến hết ngày 05/04/2026." in page.content()
    assert DeadlineExtension.objects.get().new_date.isoformat() == "2026-04-05"

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_reads_a_notification_and_logs_out(page, officer):
    Notification.objects.create(user=officer, message="Danh sách đăng ký đã được tiếp nhận")
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))
    badge_before = page.locator("header .badge").inner_text()

    page.click("header a[href='/notifications/']")
    page.click("main td button[type=submit]")
    page.wait_for_url(page.base_url + reverse("notifications:list"))
    badge_after_reading = page.locator("header .badge").count()
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url(page.base_url + reverse("login"))

    assert badge_before == "1"
    assert badge_after_reading == 0
    assert Notification.objects.get().read_at is not None
    assert "Đăng nhập" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_officer_chooses_how_they_are_told(page, officer, width):
    from apps.notifications.models import NoticePreferences

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))

    page.goto(page.base_url + reverse("notifications:list"))
    page.click(f"main a[href='{reverse('notifications:preferences')}']")
    page.select_option("select[name=dossiers]", "portal")
    page.check("input[name=daily_digest]")
    page.screenshot(path=f"/tmp/notice_preferences_{width}.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url(page.base_url + reverse("notifications:preferences"))

    saved = NoticePreferences.objects.get(user=officer)
    assert (saved.channels["dossiers"], saved.daily_digest) == ("portal", True)
    assert page.locator("select[name=dossiers]").input_value() == "portal"

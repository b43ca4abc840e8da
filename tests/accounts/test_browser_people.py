"""Two-factor setup and the handover page in a real browser (CSP on, no inline script):
the QR code is an image the server draws, the codes typed by hand work."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.enums import Role
from apps.accounts.models import Membership
from tests.factories import PASSWORD, make_member

SHOTS = os.environ.get("SHOTS_DIR")  # set to keep screenshots (looked at by hand)


def _shot(page, name):
    if SHOTS:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _log_in(page, user):
    page.goto(page.base_url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


@pytest.mark.django_db(transaction=True)
def test_decision_maker_sets_up_two_factor_in_the_browser(page, settings, commune):
    settings.OTP_REQUIRED_ROLES = ["admin", "decision_maker"]
    head = make_member(commune, Role.DECISION_MAKER, full_name="Phan Văn Chủ")
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )

    _log_in(page, head)
    page.wait_for_url("**/two-factor/setup/**")
    width = page.eval_on_selector("img.otp-qr", "img => img.naturalWidth")
    _shot(page, "otp-setup")
    page.fill("#id_code", _code(TOTPDevice.objects.get(user=head)))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/recovery-codes/**")
    codes = page.locator("ul.recovery-codes li").count()
    _shot(page, "otp-codes")

    assert width > 0
    assert codes == 10
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_handover_page_in_the_browser(page, province, commune):
    admin = make_member(province, Role.ADMIN)
    departed = make_member(commune, Role.OFFICER, full_name="Lê Văn Đi")
    make_member(commune, Role.LEADER, username="nguoi.moi", full_name="Trần Thị Đến")
    Membership.objects.filter(user=departed).update(starts_on=datetime.date(2024, 1, 2))

    _log_in(page, admin)
    page.goto(page.base_url + reverse("units:detail", args=[commune.pk]))
    _shot(page, "unit-members")
    page.click(f"a[href='{reverse('accounts:handover', args=[commune.pk])}']")
    page.select_option("#id_departed", str(departed.pk))
    page.fill("#id_last_day", "30/06/2026")
    page.fill("#id_successor", "nguoi.moi")
    page.check("#id_confirm")
    _shot(page, "handover")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(f"**{reverse('units:detail', args=[commune.pk])}")
    _shot(page, "unit-members-after")

    assert page.locator("table td", has_text="30/06/2026").count() == 1
    assert page.locator("table td", has_text="01/07/2026").count() == 1

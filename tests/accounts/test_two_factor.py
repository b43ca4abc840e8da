import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.enums import Role
from apps.accounts.two_factor import two_factor_enable
from tests.access import check_access
from tests.factories import PASSWORD, make_member

REQUIRED = ["admin", "decision_maker"]


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = REQUIRED


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


def _log_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:
    from apps.accounts.two_factor import authenticator_to_confirm

    device = authenticator_to_confirm(user=user)
    codes = two_factor_enable(by=user, token=_code(device), now=timezone.now())
    device.refresh_from_db()
    # The code just used is spent (no replay): the next test code needs the next step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return device, codes


@pytest.mark.django_db
def test_decision_maker_without_second_factor_is_sent_to_set_it_up(commune, required):
    head = make_member(commune, Role.DECISION_MAKER)
    client = _log_in(head)

    response = client.get(reverse("units:detail", args=[commune.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_setup"))


@pytest.mark.django_db
def test_decision_maker_sets_up_the_authenticator_and_gets_in(commune, required):
    head = make_member(commune, Role.DECISION_MAKER)
    client = _log_in(head)
    page = client.get(reverse("accounts:otp_setup"))
    qr = client.get(reverse("accounts:otp_qr"))
    device = TOTPDevice.objects.get(user=head)

    response = client.post(reverse("accounts:otp_setup"), {"code": _code(device)}, follow=True)

    assert page.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("units:detail", args=[commune.pk])).status_code == 200
    again = client.get(reverse("accounts:otp_recovery_codes"))
    assert again.context["codes"] is None


@pytest.mark.django_db
def test_enrolled_decision_maker_must_confirm_a_code_after_the_password(commune, required):
    head = make_member(commune, Role.DECISION_MAKER)
    device, _codes = _enrolled(head)
    client = _log_in(head)
    url = reverse("units:detail", args=[commune.pk])

    blocked = client.get(url)
    wrong = client.post(reverse("accounts:otp_verify"), {"code": "000000", "next": url})
    # django-otp makes one wait a second after a wrong code (throttling).
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2), tick=False):
        right = client.post(reverse("accounts:otp_verify"), {"code": _code(device), "next": url})

    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("accounts:otp_verify"))
    assert wrong.status_code == 200
    assert right.status_code == 302
    assert right.url == url
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_site_also_needs_the_second_factor(province, required):
    admin = make_member(province, Role.ADMIN)
    client = _log_in(admin)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_setup"))


@pytest.mark.django_db
def test_a_recovery_code_works_once(commune, required):
    head = make_member(commune, Role.DECISION_MAKER)
    _device, codes = _enrolled(head)
    url = reverse("units:detail", args=[commune.pk])

    first = _log_in(head)
    used = first.post(reverse("accounts:otp_verify"), {"code": codes[0], "next": url})
    second = _log_in(head)
    reused = second.post(reverse("accounts:otp_verify"), {"code": codes[0], "next": url})

    assert used.status_code == 302
    assert first.get(url).status_code == 200
    assert reused.status_code == 200
    assert second.get(url).status_code == 302
    assert StaticToken.objects.filter(device__user=head).count() == 9


@pytest.mark.django_db
def test_officer_logs_in_without_a_second_factor(commune, required):
    officer = make_member(commune, Role.OFFICER)
    client = _log_in(officer)

    assert client.get(reverse("units:detail", args=[commune.pk])).status_code == 200


@pytest.mark.django_db
def test_officer_who_turned_it_on_must_confirm_and_may_turn_it_off(commune, required):
    officer = make_member(commune, Role.OFFICER)
    device, _codes = _enrolled(officer)
    client = _log_in(officer)
    client.post(reverse("accounts:otp_verify"), {"code": _code(device)})

    client.post(reverse("accounts:otp_disable"))

    officer.refresh_from_db()
    assert officer.two_factor_enabled is False
    assert _log_in(officer).get(reverse("units:detail", args=[commune.pk])).status_code == 200


@pytest.mark.django_db
def test_decision_maker_cannot_turn_it_off(commune, required):
    head = make_member(commune, Role.DECISION_MAKER)
    device, _codes = _enrolled(head)
    client = _log_in(head)
    client.post(reverse("accounts:otp_verify"), {"code": _code(device)})

    client.post(reverse("accounts:otp_disable"))

    head.refresh_from_db()
    assert head.two_factor_enabled is True


@pytest.mark.django_db
def test_an_ended_required_role_no_longer_requires_it(commune, required):
    from apps.accounts.models import Membership

    head = make_member(commune, Role.OFFICER)
    Membership.objects.create(
        user=head,
        unit=commune,
        role=Role.DECISION_MAKER,
        ends_on=timezone.localdate() - timezone.timedelta(days=1),
    )

    assert _log_in(head).get(reverse("units:detail", args=[commune.pk])).status_code == 200


@pytest.mark.django_db
def test_no_second_factor_when_no_role_requires_it(settings, commune):
    settings.OTP_REQUIRED_ROLES = []
    head = make_member(commune, Role.DECISION_MAKER)

    assert _log_in(head).get(reverse("units:detail", args=[commune.pk])).status_code == 200


# ---------------------------------------------------------------- access matrix

SIGNED_IN_ACTIVE = {
    "officer",
    "leader",
    "officer_other",
    "appraiser",
    "steering",
    "decision_maker",
    "observer",
    "admin",
    "two_roles",
    "outsider",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["accounts:two_factor", "accounts:otp_setup", "accounts:otp_recovery_codes"]
)
def test_two_factor_pages_access(personas, name):
    check_access(personas, "get", reverse(name), allowed=SIGNED_IN_ACTIVE, allowed_status=200)


@pytest.mark.django_db
def test_qr_access(personas):
    def fresh():
        for user in personas.users.values():
            TOTPDevice.objects.get_or_create(user=user, confirmed=False)

    check_access(
        personas,
        "get",
        lambda _nothing: reverse("accounts:otp_qr"),
        allowed=SIGNED_IN_ACTIVE,
        allowed_status=200,
        fresh=fresh,
    )


@pytest.mark.django_db
def test_verify_access(personas):
    """Who has no device yet is sent to set one up."""
    check_access(
        personas,
        "get",
        reverse("accounts:otp_verify"),
        allowed=SIGNED_IN_ACTIVE,
        allowed_status=302,
    )


@pytest.mark.django_db
def test_recovery_renew_access(personas):
    """Refused with a message (nothing to renew) to those without two-factor login."""
    check_access(
        personas,
        "post",
        reverse("accounts:otp_recovery_renew"),
        allowed=set(),
        turned_back=SIGNED_IN_ACTIVE,
    )


@pytest.mark.django_db
def test_disable_access(personas):
    def turned_off(_nothing, by, response):
        by.refresh_from_db()
        assert by.two_factor_enabled is False

    check_access(
        personas,
        "post",
        reverse("accounts:otp_disable"),
        allowed=SIGNED_IN_ACTIVE,
        allowed_status=302,
        effect=turned_off,
    )

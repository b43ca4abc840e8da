"""Two-factor login with django-otp: an authenticator app (TOTP) and ten recovery codes
(a static device, each code good once). Required for the roles in
``settings.OTP_REQUIRED_ROLES``, optional for everyone else; enforced by
``apps/accounts/middleware.SecondFactorMiddleware``."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.accounts.permissions import is_superuser, memberships
from apps.core.services import audit_record
from apps.core.workflow import Refused

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


def second_factor_required(user) -> bool:
    """Must ``user`` use a second factor? A role in force among OTP_REQUIRED_ROLES
    (superusers count as administrators). No query beyond the cached memberships."""
    required = set(settings.OTP_REQUIRED_ROLES)
    if not required:
        return False
    if is_superuser(user) and "admin" in required:
        return True
    return any(m.role in required for m in memberships(user))


def second_factor_owed(user) -> str:
    """ "setup" (required, none yet), "verify" (has one, not confirmed in this
    session) or "" (nothing owed)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if getattr(user, "otp_device", None) is not None:
        return ""
    if user.two_factor_enabled:
        return "verify"
    return "setup" if second_factor_required(user) else ""


def authenticator_to_confirm(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the setup page shows as a QR code (made once and
    kept until confirmed, so reloading the page keeps the same key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def two_factor_enable(*, by: User, token: str, now: datetime.datetime) -> list[str]:
    """Confirm ``by``'s own authenticator with a code it shows; replace any older devices; make
    ten recovery codes and return them (shown once). Audited on the user."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).first()
        device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
        if device is None or not device.verify_token(_digits(token)):
            raise Refused(_("The code is not right; type the 6 digits your app shows now."))
        TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(by)
        User.objects.filter(pk=by.pk).update(two_factor_enabled=True)
        audit_record(actor=by, target=by, action="two_factor_enable", at=now)
    return codes


def recovery_codes_renew(*, by: User, now: datetime.datetime) -> list[str]:
    """Ten new recovery codes for ``by``; the old ones stop working. Audited."""
    if not by.two_factor_enabled:
        raise Refused(_("Turn on two-factor login first."))
    with transaction.atomic():
        codes = _new_recovery_codes(by)
        audit_record(actor=by, target=by, action="recovery_codes_renew", at=now)
    return codes


def two_factor_disable(*, by: User, now: datetime.datetime) -> None:
    """Remove ``by``'s authenticator and the recovery codes; refused to those who must
    use a second factor. Audited."""
    if second_factor_required(by):
        raise Refused(_("Your role requires two-factor login; it cannot be turned off."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=by).delete()
        StaticDevice.objects.filter(user=by).delete()
        User.objects.filter(pk=by.pk).update(two_factor_enabled=False)
        audit_record(actor=by, target=by, action="two_factor_disable", at=now)


def second_factor_check(*, user: User, code: str):
    """The device that accepts ``code`` (6 digits: the authenticator; otherwise a
    recovery code, which is then used up), or None. django-otp throttles each device
    after wrong codes."""
    from django_otp import verify_token

    code = code.strip().replace(" ", "").lower()
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return None
    return verify_token(user, device.persistent_id, code)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())


def two_factor_reset(*, users, by: User, now: datetime.datetime) -> int:
    """An administrator's reset for people who lost their phone and recovery codes:
    their devices go, and those who must use a second factor set it up again at their
    next login. Audited on each person."""
    with transaction.atomic():
        people = list(User.objects.select_for_update().filter(pk__in=[u.pk for u in users]))
        TOTPDevice.objects.filter(user__in=people).delete()
        StaticDevice.objects.filter(user__in=people).delete()
        User.objects.filter(pk__in=[p.pk for p in people]).update(two_factor_enabled=False)
        for person in people:
            audit_record(actor=by, target=person, action="two_factor_reset", at=now)
    return len(people)

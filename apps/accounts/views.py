"""Account pages beyond Django's own."""

from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from apps.accounts.forms import HandoverForm, PasswordResetForm, SecondFactorForm
from apps.accounts.permissions import get_object_in_reach_or_404
from apps.accounts.services import membership_hand_over
from apps.accounts.two_factor import (
    authenticator_to_confirm,
    recovery_codes_renew,
    second_factor_check,
    second_factor_required,
    two_factor_disable,
    two_factor_enable,
)
from apps.core.steps import run_service
from apps.core.throttle import within_rate
from apps.units.models import Unit


class PasswordResetView(auth_views.PasswordResetView):
    """Django's request for a reset link, limited per client address: each request
    e-mails the owner of the address typed, so an unlimited form would let anyone
    flood an officer's mailbox."""

    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        limit = settings.PASSWORD_RESET_REQUESTS_PER_HOUR
        # Fails closed: without the counter, no reset e-mails rather than unlimited ones
        # (the outage is short; the form says to try again later).
        if within_rate(request, "password-reset", limit=limit, window=3600, fail_open=False):
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()  # keeps what was typed
        form.add_error(None, _("Too many reset requests from your network; try again in an hour."))
        response = self.form_invalid(form)
        response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """Django's log out, saying so on the page it leads to (the login page)."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.success(request, _("You have logged out."))
        return response


@login_required
def handover(request, pk: int):
    """A departed person's roles in the unit and pending work go to a successor
    (``membership_hand_over``), after a ticked confirmation."""
    unit = get_object_in_reach_or_404(Unit.objects.all(), request.user, "accounts.handover", pk=pk)
    now = timezone.now()
    form = HandoverForm(
        request.POST or None,
        unit=unit,
        today=timezone.localdate(now),
        province_path=unit.path[: Unit.steplen],
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            membership_hand_over,
            form=form,
            unit=unit,
            departed=form.cleaned_data["departed"],
            successor=form.cleaned_data["successor"],
            last_day=form.cleaned_data["last_day"],
            now=now,
        )
        if outcome.ok:
            done = outcome.value
            messages.success(
                request,
                _(
                    "Handed over: %(ended)s roles ended, %(granted)s given, %(spots)s bright "
                    "spots and %(appraisals)s appraisals moved."
                )
                % {
                    "ended": len(done.ended),
                    "granted": len(done.granted),
                    "spots": len(done.spots),
                    "appraisals": len(set(done.appraisals) | set(done.grants)),
                },
            )
            return redirect(unit)
    return render(request, "accounts/handover.html", {"unit": unit, "form": form})


# ---------------------------------------------------------------- two-factor login

RECOVERY_CODES_SESSION_KEY = "_recovery_codes_to_show"


def _next_or_home(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request):
    """Whether two-factor login is on, and what the person may do about it."""
    return render(
        request,
        "accounts/two_factor.html",
        {"required": second_factor_required(request.user)},
    )


@login_required
def otp_setup(request):
    """Set up the authenticator: a QR code (drawn on the server) and its key; a code
    from the app confirms it, then the recovery codes are shown once."""
    if request.user.two_factor_enabled and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = authenticator_to_confirm(user=request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            two_factor_enable,
            form=form,
            token=form.cleaned_data["code"],
            now=timezone.now(),
        )
        if outcome.ok:
            request.session.cycle_key()
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            request.session[RECOVERY_CODES_SESSION_KEY] = outcome.value
            query = urlencode({"next": _next_or_home(request)})
            return redirect(f"{reverse('accounts:otp_recovery_codes')}?{query}")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_or_home(request),
        },
    )


@login_required
def otp_qr(request):
    """The QR code of the authenticator being set up, as an SVG image."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        raise Http404
    response = HttpResponse(content_type="image/svg+xml")
    write_qrcode_image(device.config_url, response)
    return response


@login_required
def otp_verify(request):
    """The second step of the login: a code from the app or a recovery code."""
    if not request.user.two_factor_enabled:
        return redirect("accounts:otp_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_check(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s left. Make new ones when few are left.")
                    % {"left": left},
                )
            return redirect(_next_or_home(request))
        form.add_error("code", _("The code is not right, or was used already. Try again."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _next_or_home(request)}
    )


@login_required
def otp_recovery_codes(request):
    """The recovery codes just made, shown once (taken out of the session)."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {"codes": codes, "next": _next_or_home(request)},
    )


@login_required
@require_POST
def otp_recovery_renew(request):
    outcome = run_service(request, recovery_codes_renew, now=timezone.now())
    if outcome.ok:
        request.session[RECOVERY_CODES_SESSION_KEY] = outcome.value
        return redirect("accounts:otp_recovery_codes")
    return redirect("accounts:two_factor")


@login_required
@require_POST
def otp_disable(request):
    run_service(
        request,
        two_factor_disable,
        now=timezone.now(),
        done=_("Two-factor login is off."),
    )
    return redirect("accounts:two_factor")

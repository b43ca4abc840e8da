import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "_session_started_at"


def mark_session_start(request) -> None:
    """Record the login time the absolute timeout counts from (called on log-in)."""
    request.session[SESSION_STARTED_KEY] = int(time.time())


class SessionAbsoluteTimeoutMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after log-in, however active it stays.

    The idle timeout is Django's own: the session expires SESSION_COOKIE_AGE after
    the last request (SESSION_SAVE_EVERY_REQUEST renews it), checked on the server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
        return self.get_response(request)


# Pages a person who still owes the second factor may open.
SECOND_FACTOR_OPEN = frozenset(
    {"accounts:otp_verify", "accounts:otp_setup", "accounts:otp_qr", "logout", "set_language"}
)


class SecondFactorMiddleware:
    """After the password, the second factor: a person who must use it
    (``two_factor.second_factor_required``: a role in OTP_REQUIRED_ROLES, or a device
    they set up themselves) and has not confirmed a code in this session is sent to
    set it up or to confirm a code, whatever page they asked for. The admin is
    covered too. Runs after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from apps.accounts.two_factor import second_factor_owed

        owed = second_factor_owed(request.user)
        if owed and not _open_without_second_factor(request):
            target = "accounts:otp_setup" if owed == "setup" else "accounts:otp_verify"
            return redirect_to_login(
                request.get_full_path(), login_url=reverse(target), redirect_field_name="next"
            )
        return self.get_response(request)


def _open_without_second_factor(request) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in SECOND_FACTOR_OPEN

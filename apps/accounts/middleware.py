import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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

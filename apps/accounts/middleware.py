import time

from django.conf import settings
from django.contrib.auth import logout


class SessionAbsoluteTimeoutMiddleware:
    """Ends a session a fixed time after login, however active it stays
    (the idle timeout is SESSION_COOKIE_AGE, renewed on every request)."""

    KEY = "_session_started_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(self.KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)

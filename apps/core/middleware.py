import time
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from apps.accounts.middleware import SESSION_STARTED_KEY


class DefaultLanguageMiddleware:
    """Vietnamese unless the user chose otherwise (language cookie set by the
    switcher). The browser's Accept-Language is ignored on purpose: many office
    machines run an English browser, and the portal's working language is Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreForUsersMiddleware:
    """Nothing answered to a logged-in user is stored by a browser or a proxy: the
    back button after logging out, the next person at a shared office computer or a
    caching proxy would otherwise see one officer's pages and files. Django's
    ``never_cache`` headers (``no-store``, ``private``, ``max-age=0``) replace whatever
    the view asked for. Anonymous answers keep their own headers (the public showcase
    is cached for five minutes), and static files never get here: WhiteNoise answers
    them first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


_request_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def request_memo() -> dict | None:
    """A dict living as long as the request being answered (None outside one): for
    values a page reads many times that may change between requests (the current
    version of a province's process), read once per page."""
    return _request_memo.get()


class RequestMemoMiddleware:
    """Opens ``request_memo`` for each request and drops it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


SESSION_RENEWED_KEY = "_session_renewed_at"


class SessionRenewalMiddleware:
    """The idle timeout without a session write on every request.

    The server-side expiry (SESSION_COOKIE_AGE after the session was last saved) is
    pushed forward only when it was saved more than SESSION_RENEW_SECONDS ago: a busy
    user costs one session write a minute instead of one per page, and a session ends
    between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the
    user's last request. Placed after SessionMiddleware, so the write is SessionMiddleware's
    own at the end of the request; SESSION_SAVE_EVERY_REQUEST stays off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        # Until the first renewal, the log-in saved the session (and stamped its start).
        renewed = session.get(SESSION_RENEWED_KEY) or session.get(SESSION_STARTED_KEY, 0)
        if session.modified or now - renewed >= settings.SESSION_RENEW_SECONDS:
            session[SESSION_RENEWED_KEY] = now
        return response

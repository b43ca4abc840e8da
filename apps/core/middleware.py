from django.conf import settings
from django.utils import translation


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

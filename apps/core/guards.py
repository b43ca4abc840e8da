"""Request guards that answer before any view runs."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulBytes:
    """A NUL byte in the query string or a form field is never meant: PostgreSQL refuses
    it in text (a server error on every list's search box and the admin's filters), so
    the request is refused with 400 before it reaches a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest(
                _("The request contains an invalid character."), content_type="text/plain"
            )
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())

"""The answer to a request whose database went away (PostgreSQL restarting, the
connection dropped): a 503 page in Vietnamese asking to try again in a moment, without
a traceback, instead of the generic 500. Installed as ``handler500`` in config/urls.py
because the error may rise in a middleware as well as in a view; Django calls it inside
its ``except`` block, so the exception is at hand.

The page is rendered without a request context: context processors and the menu would
ask the database that just failed. With CONN_HEALTH_CHECKS the next request opens a new
connection, so the portal recovers by itself once PostgreSQL is back.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 10


def server_error(request, *args, **kwargs):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request, *args, **kwargs)


def database_unavailable(request) -> HttpResponse:
    logger.warning("database unavailable: %s %s answered 503", request.method, request.path)
    response = HttpResponse(render_to_string("operations/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

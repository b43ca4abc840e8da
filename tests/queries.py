"""Counting the queries a page costs: list pages are tested at two sizes for the same
count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str, params: dict | None = None) -> int:
    """How many queries one GET of ``url`` runs (the page must answer 200), once the
    shared cache holds what every page reads (e.g. which provinces score their units):
    a first GET warms it, so two sizes compare the page, not the cache's state."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured)

"""Pagination of long lists on their primary keys."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_by_keys(ordered: QuerySet, number, *, per_page: int, rows: QuerySet) -> Page:
    """Page ``number`` of ``ordered`` (filtered and sorted), paginated on its primary
    keys alone, then that page's rows loaded by key from ``rows`` (which carries the
    joins and annotations a row shows).

    Sorting narrow keys is cheap even far down a long list, whereas sorting the full
    rows makes the database join and build every matching row before it keeps one
    page. Three queries whatever the size: count, keys, rows. A row deleted between
    the second and third is left out of the page."""
    page = Paginator(ordered.values_list("pk", flat=True), per_page).get_page(number)
    loaded = rows.in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    return page

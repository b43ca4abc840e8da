"""Pagination of long lists on their primary keys."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

# Rows a page of the long lists shows (bright spots, inbox, units, dossiers,
# decisions): one screen of cards on a phone, and half the rendering of 50 rows on the
# deadline-day pages (docs/architecture.md, "Deadline day").
PAGE_SIZE = 25
# How far past a page the longest lists (a board's inbox, a year's spots) are counted:
# forty pages ahead, "more than ..." beyond (``BoundedKeys``).
COUNT_BOUND = 1000
BIGGEST_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET and LIMIT are bigint


def page_by_keys(
    ordered: QuerySet,
    number,
    *,
    per_page: int,
    rows: QuerySet,
    bound: int | None = None,
    partitions: list[QuerySet] | None = None,
) -> Page:
    """Page ``number`` of ``ordered`` (filtered and sorted), paginated on its primary
    keys alone, then that page's rows loaded by key from ``rows`` (which carries the
    joins and annotations a row shows).

    Sorting narrow keys is cheap even far down a long list, whereas sorting the full
    rows makes the database join and build every matching row before it keeps one
    page. Two queries whatever the size (one for an empty list): the page's keys with
    the count of all (``COUNT(*) OVER ()``: the filtered join is built once, not once to
    count and once to sort; see ``WindowedKeys``), then the rows. A row deleted between
    the two is left out of the page.

    ``bound`` = N: the list is counted only up to N rows past the page's start ("more
    than ..." beyond, ``page.more``), in one query that stops there (see
    ``BoundedKeys``). For lists an index reads in their order: the page then costs the
    same whether the list holds a thousand rows or a hundred thousand.

    ``partitions`` (with ``bound``): querysets, each sorted, whose concatenation in
    that order is the list (an all-years list: one year's rows each, newest first),
    read one after another until the bound, so the database sorts (or walks an index
    over) one year's rows, not every year's."""
    if bound is not None:
        parts = partitions if partitions is not None else [ordered]
        keys = BoundedKeys(
            [part.values_list("pk", flat=True) for part in parts], number, per_page, bound
        )
    else:
        keys = WindowedKeys(ordered, number, per_page)
    page = Paginator(keys, per_page).get_page(number)
    loaded = rows.in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    page.more = getattr(keys, "more", False)
    return page


def _start(number, per_page: int) -> int:
    """The index of the first row of page ``number`` (page 1's for anything that is
    not a page number)."""
    try:
        return (max(int(number), 1) - 1) * per_page
    except (TypeError, ValueError):
        return 0


class BoundedKeys:
    """The keys of ``parts`` (sorted values_lists, one after another) as the Paginator
    reads them, read up to ``bound`` rows past the start of the page asked for: the
    count is exact when the list ends before that, else it is that many and ``more``
    is set. One query a part, and a part is only read while rows are still wanted (one
    query in all when the first part fills the bound). Paging on moves the bound with
    the page, so every row stays reachable; a page number past the end reads the whole
    list (of keys) to find its last page."""

    def __init__(self, parts: list[QuerySet], number, per_page: int, bound: int):
        bound = max(bound, per_page)  # a whole page at least
        start = min(_start(number, per_page), BIGGEST_OFFSET - bound - 1)  # bigint
        wanted = start + bound + 1
        read: list = []
        for part in parts:
            if len(read) >= wanted:
                break
            read.extend(part[: wanted - len(read)])
        self.more = len(read) > start + bound
        self.read = read[: start + bound]

    def count(self) -> int:
        return len(self.read)

    def __len__(self) -> int:
        return len(self.read)

    def __getitem__(self, window: slice) -> list:
        return self.read[window]


class WindowedKeys:
    """The keys of ``ordered`` as the Paginator reads them, the count and the page
    asked for in one query: the page's keys, each with ``COUNT(*) OVER ()``. An empty
    first page needs nothing more (the list is empty); only a later page past the end
    (no row to carry the count) costs a count and a second read, of the last page the
    Paginator then asks for."""

    def __init__(self, ordered: QuerySet, number, per_page: int):
        self.keys = ordered.values_list("pk", flat=True)
        self.sorted = ordered  # not "ordered": the Paginator reads that attribute
        self.start = _start(number, per_page)
        if self.start + per_page > BIGGEST_OFFSET:  # past any end; PostgreSQL would refuse it
            self.start = None
        self.per_page = per_page
        self._count = None
        self._page: list = []

    def count(self) -> int:
        if self._count is None:
            counted = self.sorted.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")
            rows = []
            if self.start is not None:
                rows = list(counted[self.start : self.start + self.per_page])
            self._page = [pk for pk, _total in rows]
            if rows:
                self._count = rows[0][1]
            else:  # an empty first page is an empty list: nothing more to count
                self._count = 0 if self.start == 0 else self.keys.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        if window.start == self.start and self._page:
            return self._page[: window.stop - window.start]
        return list(self.keys[window])

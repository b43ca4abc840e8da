"""Pagination of long lists on their primary keys."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

# Rows a page of the long lists shows (bright spots, inbox, units, dossiers,
# decisions): one screen of cards on a phone, and half the rendering of 50 rows on the
# deadline-day pages (docs/architecture.md, "Deadline day").
PAGE_SIZE = 25
BIGGEST_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET and LIMIT are bigint


def page_by_keys(
    ordered: QuerySet,
    number,
    *,
    per_page: int,
    rows: QuerySet,
    partitions: tuple[str, list] | None = None,
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

    ``partitions`` = (lookup, values): ``ordered`` sorts first on ``lookup``, in the
    order of ``values`` (the years of an all-years list, newest first). The keys are
    then read one partition at a time, so the database sorts one year's rows, not
    every year's, to find a page (see ``PartitionedKeys``)."""
    keys = ordered.values_list("pk", flat=True)
    if partitions is not None:
        keys = PartitionedKeys(keys, *partitions)
    else:
        keys = WindowedKeys(ordered, number, per_page)
    page = Paginator(keys, per_page).get_page(number)
    loaded = rows.in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    return page


class WindowedKeys:
    """The keys of ``ordered`` as the Paginator reads them, the count and the page
    asked for in one query: the page's keys, each with ``COUNT(*) OVER ()``. An empty
    first page needs nothing more (the list is empty); only a later page past the end
    (no row to carry the count) costs a count and a second read, of the last page the
    Paginator then asks for."""

    def __init__(self, ordered: QuerySet, number, per_page: int):
        self.keys = ordered.values_list("pk", flat=True)
        self.sorted = ordered  # not "ordered": the Paginator reads that attribute
        try:
            self.start = (max(int(number), 1) - 1) * per_page
        except (TypeError, ValueError):
            self.start = 0
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


class PartitionedKeys:
    """The keys of ``keys`` (a sorted values_list) as the Paginator reads them: a
    count, then one slice. The slice is read partition by partition in the order of
    ``values``: the first page of an all-years list is one query on the newest year
    (two where that year has fewer rows than a page); a later page counts the years
    before it, one small query each. ``values`` must hold every value of ``lookup``
    among the rows (the years a list offers are those of every cycle it may show);
    should the partitions still end short of the count, the slice is read from
    ``keys`` as a whole."""

    def __init__(self, keys: QuerySet, lookup: str, values: list):
        self.keys = keys
        self.lookup = lookup
        self.values = list(values)
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.keys.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, need = window.start or 0, window.stop - (window.start or 0)
        found: list = []
        before = 0  # rows of the partitions wholly before the window
        for value in self.values:
            if len(found) >= need:
                break
            part = self.keys.filter(**{self.lookup: value})
            if found:
                found.extend(part[: need - len(found)])
                continue
            offset = start - before
            if offset:
                size = part.count()
                if size <= offset:
                    before += size
                    continue
            found.extend(part[offset : offset + need])
            before = start  # the window starts inside this partition
        if len(found) < need and start + len(found) < self.count():
            return list(self.keys[start : start + need])
        return found

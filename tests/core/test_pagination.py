import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.pagination import page_by_keys
from apps.units.models import Unit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(province):
    return [make_unit(f"Xã {letter}", parent=province) for letter in "EDCBA"]


def _by_name():
    return Unit.objects.filter(depth=2).order_by("name")


def test_a_page_keeps_the_order_and_loads_its_rows_in_three_queries(units):
    with CaptureQueriesContext(connection) as captured:
        page = page_by_keys(_by_name(), 2, per_page=2, rows=Unit.objects.only("name"))
        names = [unit.name for unit in page]

    assert names == ["Xã C", "Xã D"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (2, 3, 5)
    assert len(captured) == 2  # the keys with the count, the rows


def test_a_row_deleted_between_the_keys_and_the_rows_is_left_out(units):
    rows = Unit.objects.exclude(name="Xã B")  # as if deleted after the keys were read

    page = page_by_keys(_by_name(), 1, per_page=3, rows=rows)

    assert [unit.name for unit in page] == ["Xã A", "Xã C"]


@pytest.mark.parametrize("number", [99, 10**20])
def test_a_page_number_out_of_range_gives_the_last_page(units, number):
    page = page_by_keys(_by_name(), number, per_page=2, rows=Unit.objects.all())

    assert [unit.name for unit in page] == ["Xã E"]


@pytest.fixture
def villages_and_wards(province):
    names = ["Xã E", "Xã D", "Xã C", "Xã B", "Xã A", "Phường C", "Phường B", "Phường A"]
    return [make_unit(name, parent=province) for name in names]


def _newest_first():
    """Sorted first on the partition, as the all-years list sorts on the year."""
    return Unit.objects.filter(depth=2).order_by("-name")


def _partitions():
    """The villages then the wards, each newest name first."""
    return [
        Unit.objects.filter(depth=2, name__startswith=prefix).order_by("-name")
        for prefix in ("Xã", "Phường")
    ]


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("bound", [1, 4, 100])
def test_a_list_read_a_partition_at_a_time_gives_the_same_pages(
    villages_and_wards, per_page, bound
):
    whole = Paginator(list(_newest_first()), per_page)
    for number in whole.page_range:
        page = page_by_keys(
            _newest_first(),
            number,
            per_page=per_page,
            rows=Unit.objects.all(),
            bound=bound,
            partitions=_partitions(),
        )
        assert [u.name for u in page] == [u.name for u in whole.page(number)]
        assert page.more == (whole.count > (number - 1) * per_page + max(bound, per_page))


def test_the_first_page_reads_only_the_first_partition_when_it_fills_the_bound(
    villages_and_wards,
):
    with CaptureQueriesContext(connection) as captured:
        page = page_by_keys(
            _newest_first(),
            1,
            per_page=3,
            rows=Unit.objects.all(),
            bound=4,
            partitions=_partitions(),
        )
        names = [unit.name for unit in page]

    assert names == ["Xã E", "Xã D", "Xã C"]
    assert page.more and page.paginator.count == 4
    assert len(captured) == 2  # the first partition's keys, the rows
    assert "Phường" not in captured[0]["sql"]


def test_a_page_across_two_partitions_joins_them(villages_and_wards):
    page = page_by_keys(
        _newest_first(),
        2,
        per_page=4,
        rows=Unit.objects.all(),
        bound=100,
        partitions=_partitions(),
    )

    assert [unit.name for unit in page] == ["Xã A", "Phường C", "Phường B", "Phường A"]
    assert not page.more and page.paginator.count == 8


def test_an_empty_list_is_one_empty_page_read_in_one_query(province):
    with CaptureQueriesContext(connection) as captured:
        page = page_by_keys(_by_name(), 1, per_page=2, rows=Unit.objects.all())
        shown = list(page)

    assert shown == [] and page.paginator.count == 0 and page.paginator.num_pages == 1
    assert len(captured) == 1  # the keys: no count, no rows to load


@pytest.mark.parametrize("number", [2, 99])
def test_a_later_page_of_an_empty_list_is_its_one_empty_page(province, number):
    page = page_by_keys(_by_name(), number, per_page=2, rows=Unit.objects.all())

    assert list(page) == [] and page.number == 1 and page.paginator.count == 0


def _ten(province):
    return [make_unit(f"Xã {n:02}", parent=province) for n in range(10)]


def test_a_bounded_list_counts_exactly_when_it_ends_within_the_bound(province):
    _ten(province)

    with CaptureQueriesContext(connection) as captured:
        page = page_by_keys(_by_name(), 1, per_page=3, rows=Unit.objects.all(), bound=10)
        names = [unit.name for unit in page]

    assert names == ["Xã 00", "Xã 01", "Xã 02"]
    assert (page.paginator.count, page.paginator.num_pages, page.more) == (10, 4, False)
    assert len(captured) == 2  # the keys up to the bound, the rows


def test_a_bounded_list_says_more_beyond_the_bound_and_pages_on_to_every_row(province):
    _ten(province)

    first = page_by_keys(_by_name(), 1, per_page=3, rows=Unit.objects.all(), bound=4)
    assert (first.paginator.count, first.paginator.num_pages, first.more) == (4, 2, True)

    shown, number, more = [], 1, True
    while more:  # "next" as far as it goes, as a reader would follow it
        page = page_by_keys(_by_name(), number, per_page=3, rows=Unit.objects.all(), bound=4)
        shown += [unit.name for unit in page]
        more = page.has_next()
        number += 1
    assert shown == [f"Xã {n:02}" for n in range(10)]
    assert not page.more and page.paginator.count == 10


@pytest.mark.parametrize("number", [99, 10**20, "x"])
def test_a_bounded_list_gives_the_last_or_first_page_for_a_page_out_of_range(province, number):
    _ten(province)

    page = page_by_keys(_by_name(), number, per_page=3, rows=Unit.objects.all(), bound=4)

    expected = ["Xã 00", "Xã 01", "Xã 02"] if number == "x" else ["Xã 09"]
    assert [unit.name for unit in page] == expected

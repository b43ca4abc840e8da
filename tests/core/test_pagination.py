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


PARTITIONS = ("name__startswith", ["Xã", "Phường"])


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 8])
def test_a_list_read_a_partition_at_a_time_gives_the_same_pages(villages_and_wards, per_page):
    whole = Paginator(list(_newest_first()), per_page)
    for number in whole.page_range:
        page = page_by_keys(
            _newest_first(),
            number,
            per_page=per_page,
            rows=Unit.objects.all(),
            partitions=PARTITIONS,
        )
        assert [u.name for u in page] == [u.name for u in whole.page(number)]
        assert page.paginator.num_pages == whole.num_pages


def test_the_first_page_reads_only_the_first_partition_when_it_fills_the_page(
    villages_and_wards,
):
    with CaptureQueriesContext(connection) as captured:
        page = page_by_keys(
            _newest_first(), 1, per_page=3, rows=Unit.objects.all(), partitions=PARTITIONS
        )
        names = [unit.name for unit in page]

    assert names == ["Xã E", "Xã D", "Xã C"]
    assert len(captured) == 3  # count, the first partition's keys, the rows
    assert "Phường" not in captured[1]["sql"]


def test_a_page_across_two_partitions_joins_them(villages_and_wards):
    page = page_by_keys(
        _newest_first(), 2, per_page=4, rows=Unit.objects.all(), partitions=PARTITIONS
    )

    assert [unit.name for unit in page] == ["Xã A", "Phường C", "Phường B", "Phường A"]


def test_rows_the_partitions_miss_are_still_listed_at_the_end(villages_and_wards, province):
    make_unit("Bản Z", parent=province)  # sorts after both partitions

    page = page_by_keys(
        _newest_first(), 3, per_page=4, rows=Unit.objects.all(), partitions=PARTITIONS
    )

    assert [unit.name for unit in page] == ["Bản Z"]


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

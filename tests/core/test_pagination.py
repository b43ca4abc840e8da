import pytest
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
    assert len(captured) == 3


def test_a_row_deleted_between_the_keys_and_the_rows_is_left_out(units):
    rows = Unit.objects.exclude(name="Xã B")  # as if deleted after the keys were read

    page = page_by_keys(_by_name(), 1, per_page=3, rows=rows)

    assert [unit.name for unit in page] == ["Xã A", "Xã C"]


def test_a_page_number_out_of_range_gives_the_last_page(units):
    page = page_by_keys(_by_name(), 99, per_page=2, rows=Unit.objects.all())

    assert [unit.name for unit in page] == ["Xã E"]

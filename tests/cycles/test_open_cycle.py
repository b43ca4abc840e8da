"""The open cycle: the one year every page with a year filter opens on."""

import datetime

import pytest

from apps.cycles.models import Cycle
from apps.cycles.process import current_process
from apps.cycles.selectors import open_cycle, open_cycle_year
from tests.cycles.factories import make_cycle
from tests.factories import make_unit

D = datetime.date
pytestmark = pytest.mark.django_db


def _cycles(*years, **dates) -> list[Cycle]:
    """Unsaved cycles with the guidance's dates (the last: 30/11)."""
    defaults = current_process(None).default_dates
    return [Cycle(year=year, **{**defaults(year), **dates}) for year in years]


def _year(cycles, today):
    chosen = open_cycle(cycles, today=today)
    return chosen.year if chosen else None


def test_next_year_opens_once_set_up_while_this_year_is_in_its_grace():
    # 04/12/2026: the 2026 dates are over, units register for 2027.
    assert _year(_cycles(2025, 2026, 2027), D(2026, 12, 4)) == 2027


def test_this_year_stays_open_thirty_days_after_its_last_date():
    cycles = _cycles(2025, 2026)

    assert _year(cycles, D(2026, 12, 30)) == 2026
    assert _year(cycles, D(2027, 1, 5)) == 2026  # grace over: the latest not in the future


def test_a_first_cycle_set_up_ahead_opens():
    assert _year(_cycles(2027), D(2026, 12, 4)) == 2027


def test_the_last_date_is_the_latest_of_the_cycle_dates():
    late_report = _cycles(2026, review_report_deadline=D(2026, 12, 20))

    assert _year(late_report + _cycles(2025), D(2027, 1, 15)) == 2026
    assert _year(_cycles(2025), D(2026, 3, 1)) == 2025


def test_no_cycle_no_open_cycle():
    assert open_cycle([], today=D(2026, 3, 1)) is None


@pytest.mark.django_db
def test_open_cycle_year_reads_the_province_of_a_unit(django_assert_num_queries):
    province = make_unit("Tỉnh Nghệ An", code="P40")
    other = make_unit("Tỉnh Hà Tĩnh", code="P42")
    commune = make_unit("Phường Vinh Phú", parent=province, code="W16702")
    for year in (2026, 2027):
        make_cycle(province, year)
    make_cycle(other, 2026)

    with django_assert_num_queries(1):
        year = open_cycle_year(unit=commune, today=D(2026, 12, 4))

    assert year == 2027
    assert open_cycle_year(province_path=other.path, today=D(2026, 12, 4)) == 2026
    assert open_cycle_year(province_path="9999", today=D(2026, 12, 4)) == 2026

"""The dashboard of one unit subtree and year, in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from apps.cycles.models import Cycle
from apps.reports.selectors.figures import (
    GroupRow,
    LateFigures,
    counts_by_kind_and_status,
    late_registrations,
    late_reports,
    recognitions_by_level,
    subtree_rows,
    totals,
    trend,
    units_missing_minimum,
)
from apps.units.models import Unit

MISSING_PER_PAGE = 25


@dataclass
class Dashboard:
    unit: Unit
    year: int
    cycle: Cycle
    by_kind: dict
    rows: list[GroupRow]
    total: GroupRow
    missing: Page
    late_registrations: LateFigures
    late_reports: LateFigures
    recognitions: list
    trend: list


def dashboard(*, unit: Unit, cycle: Cycle, today: datetime.date, missing_page=1) -> Dashboard:
    """Everything the dashboard shows for ``unit``'s subtree in ``cycle``'s year."""
    rows = subtree_rows(unit=unit, cycle=cycle)
    total = totals(rows)
    missing = Paginator(units_missing_minimum(unit=unit, cycle=cycle), MISSING_PER_PAGE)
    missing.count = total.missing  # already counted by subtree_rows: no COUNT query
    return Dashboard(
        unit=unit,
        year=cycle.year,
        cycle=cycle,
        by_kind=counts_by_kind_and_status(unit=unit, cycle=cycle),
        rows=rows,
        total=total,
        missing=missing.get_page(missing_page),
        late_registrations=late_registrations(unit=unit, cycle=cycle, today=today),
        late_reports=late_reports(unit=unit, cycle=cycle, today=today),
        recognitions=recognitions_by_level(unit=unit, cycle=cycle),
        trend=trend(unit=unit),
    )


def province_of(unit: Unit) -> Unit:
    return unit if unit.depth == 1 else Unit.objects.get(path=unit.path[: unit.steplen])


def cycles_of(unit: Unit) -> list[Cycle]:
    """The years of ``unit``'s province, newest first (one query)."""
    return list(Cycle.objects.filter(province__path=unit.path[: unit.steplen]).order_by("-year"))

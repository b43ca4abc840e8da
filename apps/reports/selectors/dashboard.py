"""The dashboard of one unit subtree and year, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from apps.cycles.models import Cycle
from apps.reports.selectors.figures import (
    GroupRow,
    LateFigures,
    MissingUnits,
    counts_by_kind_and_status,
    counts_by_year,
    late_registrations,
    late_reports,
    recognitions_by_level,
    subtree_rows,
    totals,
    trend,
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


def dashboard(
    *,
    unit: Unit,
    cycle: Cycle,
    today: datetime.date,
    missing_page: int | str | None = 1,
    cycles: list[Cycle] | None = None,
) -> Dashboard:
    """Everything the dashboard shows for ``unit``'s subtree in ``cycle``'s year;
    ``cycles`` are the province's (``cycles_of``), when the caller has them already."""
    rows = subtree_rows(unit=unit, cycle=cycle)
    total = totals(rows)
    missing = Paginator(MissingUnits(unit=unit, cycle=cycle, rows=rows), MISSING_PER_PAGE)
    by_year = counts_by_year(unit=unit, cycles=cycles_of(unit) if cycles is None else cycles)
    return Dashboard(
        unit=unit,
        year=cycle.year,
        cycle=cycle,
        by_kind=counts_by_kind_and_status(by_year, cycle.year),
        rows=rows,
        total=total,
        missing=missing.get_page(missing_page),
        late_registrations=late_registrations(unit=unit, cycle=cycle, today=today),
        late_reports=late_reports(unit=unit, cycle=cycle, today=today),
        recognitions=recognitions_by_level(unit=unit, cycle=cycle),
        trend=trend(by_year),
    )


def province_of(unit: Unit) -> Unit:
    return unit if unit.depth == 1 else Unit.objects.get(path=unit.path[: unit.steplen])


def cycles_of(unit: Unit) -> list[Cycle]:
    """The years of ``unit``'s province, newest first (one query)."""
    return list(Cycle.objects.filter(province__path=unit.path[: unit.steplen]).order_by("-year"))

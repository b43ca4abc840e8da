"""The dashboard of one unit subtree and year, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from apps.cycles.models import Cycle
from apps.cycles.process import Process, process_of
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
from apps.units.enums import UnitKind
from apps.units.models import Unit

MISSING_PER_PAGE = 25


@dataclass
class Dashboard:
    unit: Unit
    year: int
    cycle: Cycle
    kinds: list  # (code, name) of the year's process
    minimum_kinds: list  # (code, name) of the kinds some unit must build
    minimum_rules: list[str]  # the minimum in words, per kind of unit
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
    process = process_of(cycle=cycle)
    kinds = process.kind_codes
    rows = subtree_rows(unit=unit, cycle=cycle)
    total = totals(rows, kinds)
    missing = Paginator(MissingUnits(unit=unit, cycle=cycle, rows=rows), MISSING_PER_PAGE)
    by_year = counts_by_year(unit=unit, cycles=cycles_of(unit) if cycles is None else cycles)
    return Dashboard(
        unit=unit,
        year=cycle.year,
        cycle=cycle,
        kinds=process.choices(),
        minimum_kinds=[(k, process.label(k)) for k in process.minimum_kinds],
        minimum_rules=minimum_in_words(process),
        by_kind=counts_by_kind_and_status(by_year, cycle.year, kinds),
        rows=rows,
        total=total,
        missing=missing.get_page(missing_page),
        late_registrations=late_registrations(unit=unit, cycle=cycle, today=today),
        late_reports=late_reports(unit=unit, cycle=cycle, today=today),
        recognitions=recognitions_by_level(unit=unit, cycle=cycle),
        trend=trend(by_year, kinds),
    )


def minimum_in_words(process: Process) -> list[str]:
    """The yearly minimum as sentences, e.g. "Mọi đơn vị: ít nhất 1 Điểm sáng … (QCDC),
    1 …", then one per kind of unit with a rule of its own."""

    def counts(minimum: dict[str, int]) -> str:
        return ", ".join(f"{n} {process.label(kind)}" for kind, n in minimum.items()) or "—"

    own = sorted({of for _kind, of, _count in process.minimums if of})
    lines = [_("Every unit: at least %(counts)s.") % {"counts": counts(process.minimum(None))}]
    lines += [
        _("%(units)s: at least %(counts)s.")
        % {"units": UnitKind(of).label, "counts": counts(process.minimum(of))}
        for of in own
    ]
    return lines


def province_of(unit: Unit) -> Unit:
    return unit if unit.depth == 1 else Unit.objects.get(path=unit.path[: unit.steplen])


def cycles_of(unit: Unit) -> list[Cycle]:
    """The years of ``unit``'s province, newest first (one query)."""
    return list(Cycle.objects.filter(province__path=unit.path[: unit.steplen]).order_by("-year"))

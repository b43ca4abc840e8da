"""Figures of the dashboards, the province summary and the yearly review report.

Every number is counted in SQL (``Count(filter=...)``, semi-joins) over a unit subtree
(``path`` prefix), so the number of queries does not grow with the data. Bright spots
are read once per figure at most: the table is wide, and reading a province's year of
them is most of what a dashboard costs (``subtree_rows`` sums them per unit, then per
group, in one statement).

Definitions:
- a *reporting unit* builds bright spots and reports (active; not the province node,
  not a board): ``apps.reports.selectors.deadlines.reporting_units``;
- a bright spot *counts* for its year once sent in the list and not withdrawn
  (``COUNTED_STATUSES``); a unit *meets the yearly minimum* with at least one counted
  QCDC, one DVCQ and one Dân vận khéo bright spot;
- a unit is *late* for a deadline when it has not done the thing and its own deadline
  (the extension, when later) has passed; *done late* means sent under an extension.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Substr

from apps.brightspots.enums import COUNTED_STATUSES, LIST_SENT, MINIMUM_KINDS, BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationList
from apps.criteria.enums import BrightSpotKind
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from apps.decisions.models import Certificate
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.reports.selectors.deadlines import reporting_units, units_not_done
from apps.units.enums import UnitLevel
from apps.units.models import Unit

if TYPE_CHECKING:
    from django.db import models


KINDS = BrightSpotKind.values
RECOGNISED = BrightSpotStatus.RECOGNISED


# Unit-level conditions are semi-joins (``id IN (SELECT unit_id ...)``), which
# PostgreSQL hashes once per query. Correlated EXISTS gave the same plan but an
# estimated cost ~50 times higher, enough to trigger PostgreSQL's JIT compiler, which
# spent 3 s compiling a 50 ms query over 3,500 units.
def _units_in(rows: QuerySet) -> Q:
    return Q(pk__in=rows.values("unit_id"))


def meets_minimum(cycle: Cycle, unit: Unit | None = None, paths: Q | None = None) -> Q:
    """A condition on Unit rows: one counted bright spot of each kind this year. One
    semi-join over the year's bright spots grouped by unit; ``unit`` (its subtree) and
    ``paths`` (a condition on the spots' ``unit__path``, see ``_paths``) narrow the
    bright spots read to those of some units."""
    spots = spots_by_unit(cycle, unit).filter(paths or Q())
    return _units_in(spots.filter(**MINIMUM))


def _paths(since: str, until: str | None, *, of: str = "") -> Q:
    """Units (or, with ``of="unit__"``, rows of units) with a path from ``since`` on and
    before ``until``; no condition at all for an empty ``since`` and no ``until``."""
    paths = Q(**{f"{of}path__gte": since}) if since else Q()
    return paths & Q(**{f"{of}path__lt": until}) if until is not None else paths


def _list_sent(cycle: Cycle) -> Q:
    return _units_in(RegistrationList.objects.filter(cycle=cycle, status__in=LIST_SENT))


def _report_submitted(cycle: Cycle) -> Q:
    return _units_in(ReviewReport.objects.filter(cycle=cycle, status=ReviewReportStatus.SUBMITTED))


def under(rows: QuerySet, unit: Unit, *, to_unit: str = "unit") -> QuerySet:
    """``rows`` of one of the province's cycles narrowed to ``unit``'s subtree. For the
    province itself nothing to narrow: its cycles hold only its own units' rows, and a
    join with the unit table over every row costs more than the rest of the query."""
    if unit.depth == 1:
        return rows
    return rows.filter(**{f"{to_unit}__path__startswith": unit.path})


# The states the per-unit figures read: the counted ones and the recognised ones (one
# of them today; the union keeps the recognised figure right should that change).
COUNTED_OR_RECOGNISED = COUNTED_STATUSES | {RECOGNISED}


def _spot_counts() -> dict:
    """Aggregates over counted bright spots: per kind, and the recognised ones. They
    count ``unit_id`` (never null) rather than ``pk``, so that an index holding the unit
    can answer without reading the table."""
    counts = {kind: Count("unit_id", filter=Q(kind=kind)) for kind in KINDS}
    counts["recognised"] = Count("unit_id", filter=Q(status=RECOGNISED))
    return counts


# On ``spots_by_unit`` rows: the unit meets the yearly minimum.
MINIMUM = {f"{kind}__gt": 0 for kind in MINIMUM_KINDS}


def spots_by_unit(cycle: Cycle, unit: Unit | None = None) -> QuerySet:
    """One row per unit with counted bright spots in ``cycle`` (in ``unit``'s subtree
    when given): ``unit_id``, its counted spots of each kind, its recognised ones. The
    states are filtered once per row, not in each aggregate (a third of the time)."""
    spots = BrightSpot.objects.filter(cycle=cycle, status__in=COUNTED_OR_RECOGNISED)
    if unit is not None:
        spots = under(spots, unit)
    return spots.values("unit_id").annotate(**_spot_counts()).order_by()


@dataclass
class GroupRow:
    """One line of the summary: a direct child's whole subtree, or the unit's own."""

    # The figures of a line, in the order of the summary's columns (page, xlsx, PDF).
    FIGURES: ClassVar[tuple[str, ...]] = (
        "units",
        "meeting",
        "missing",
        "lists_sent",
        "reports_submitted",
        "qcdc",
        "dvcq",
        "dvk",
        "recognised",
    )

    unit: Unit
    is_self: bool = False
    units: int = 0
    meeting: int = 0
    lists_sent: int = 0
    reports_submitted: int = 0
    qcdc: int = 0
    dvcq: int = 0
    dvk: int = 0
    recognised: int = 0

    @property
    def missing(self) -> int:
        return self.units - self.meeting

    def as_dict(self) -> dict:
        return {
            "name": self.unit.name if self.unit else "",
            "is_self": self.is_self,
            **{name: getattr(self, name) for name in self.FIGURES},
        }


def subtree_rows(*, unit: Unit, cycle: Cycle) -> list[GroupRow]:
    """The unit's own line (when it reports) then one line per direct child subtree,
    by name. One query, whatever the size of the subtree: the reporting units (with
    their group, the path of the direct child they are under, and whether they sent
    their list and report) left-joined to their bright spots counted per unit, summed
    per group. Both inner queries come from the ORM; only the sum per group is
    written out, as the ORM cannot aggregate over a subquery. It replaced two
    aggregates and a query for the group heads at half their time."""
    length = (unit.depth + 1) * unit.steplen
    units = (
        reporting_units(unit)
        .annotate(
            group=Substr("path", 1, length),
            list_sent=_flag(_list_sent(cycle)),
            report_submitted=_flag(_report_submitted(cycle)),
        )
        .values("id", "group", "list_sent", "report_submitted")
        .order_by()
    )
    units_sql, units_params = units.query.sql_with_params()
    spots_sql, spots_params = spots_by_unit(cycle, unit).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            _GROUPS_SQL.format(units=units_sql, spots=spots_sql, unit_table=_UNIT_TABLE),
            (*units_params, *spots_params),
        )
        lines = cursor.fetchall()
    result = [
        GroupRow(
            unit=Unit.from_db(connection.alias, ["id", "path", "name"], line[:3]),
            is_self=line[1] == unit.path,
            **dict(zip(_GROUP_FIGURES, map(int, line[3:-1]), strict=True)),
        )
        for line in lines
    ]
    return sorted(result, key=lambda row: (not row.is_self, row.unit.name))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


_UNIT_TABLE = connection.ops.quote_name(Unit._meta.db_table)
_GROUP_FIGURES = ("units", "meeting", "lists_sent", "reports_submitted", *KINDS, "recognised")
# The minimum as in ``MINIMUM``, on the summed columns of ``spots_by_unit``.
_MEETS = " AND ".join(f's."{kind}" > 0' for kind in MINIMUM_KINDS)
_SUMS = ", ".join(f'COALESCE(SUM(s."{name}"), 0)' for name in (*KINDS, "recognised"))
_GROUPS_SQL = (
    # Summed per group first, then joined to the group heads: 175 lines, not 3,500 units.
    "SELECT h.id, h.path, h.name, g.* FROM ("
    "SELECT COUNT(*), "
    f"COUNT(*) FILTER (WHERE {_MEETS}), "
    "COUNT(*) FILTER (WHERE u.list_sent), COUNT(*) FILTER (WHERE u.report_submitted), "
    f'{_SUMS}, u."group" '
    "FROM ({units}) u LEFT JOIN ({spots}) s ON s.unit_id = u.id "
    'GROUP BY u."group"'
    ') g INNER JOIN {unit_table} h ON h.path = g."group"'
)


def totals(rows: list[GroupRow]) -> GroupRow:
    """The sum of the summary's lines (the subtree's figures)."""
    total = GroupRow(unit=None)
    for row in rows:
        for name in GroupRow.__dataclass_fields__:
            if name not in ("unit", "is_self"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def _empty_table() -> dict[str, dict[str, int]]:
    return {kind: dict.fromkeys(BrightSpotStatus.values, 0) for kind in KINDS}


def counts_by_year(*, unit: Unit, cycles: list[Cycle]) -> dict[int, dict[str, dict[str, int]]]:
    """{year: {kind: {status: n}}} for the subtree's bright spots in ``cycles`` (the
    province's), by year, years without any left out. One query; for a province
    PostgreSQL answers it from the (cycle, kind, status) index without reading the table
    (hence ``COUNT(*)`` and the cycle ids written out, not a join with the cycles)."""
    years = {cycle.pk: cycle.year for cycle in cycles}
    rows = (
        under(BrightSpot.objects.filter(cycle__in=list(years)), unit)
        .values_list("cycle_id", "kind", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    table = {}
    for cycle_id, kind, status, n in rows:
        year = years[cycle_id]
        if year not in table:
            table[year] = _empty_table()
        table[year][kind][status] = n
    return dict(sorted(table.items()))


def counts_by_kind_and_status(by_year: dict, year: int) -> dict[str, dict[str, int]]:
    """{kind: {status: n}} of one year of ``counts_by_year``."""
    return by_year.get(year) or _empty_table()


def trend(by_year: dict) -> list[dict]:
    """Per year of ``counts_by_year``: counted bright spots by kind and recognised ones."""
    return [
        {
            "year": year,
            **{kind: sum(table[kind][status] for status in COUNTED_STATUSES) for kind in KINDS},
            "recognised": sum(table[kind][RECOGNISED] for kind in KINDS),
        }
        for year, table in by_year.items()
    ]


def units_missing_minimum(
    *, unit: Unit, cycle: Cycle, since: str = "", until: str | None = None
) -> QuerySet:
    """Reporting units of the subtree without their 1 QCDC + 1 DVCQ + 1 Dân vận khéo,
    by path, annotated ``has_qcdc``/``has_dvcq``/``has_dvk``; only those with a path
    from ``since`` and before ``until`` when given. The flags are correlated EXISTS on
    the unit's own bright spots, unlike the semi-joins above: PostgreSQL computes them
    for the rows it returns and those an OFFSET skips, so read a narrow slice
    (``MissingUnits`` does: a few dozen rows at most)."""
    units = reporting_units(unit).filter(_paths(since, until))
    meeting = meets_minimum(cycle, unit, _paths(since, until, of="unit__"))
    flags = {f"has_{kind}": _holds(cycle, kind) for kind in KINDS}
    return units.exclude(meeting).annotate(**flags).order_by("path")


def _holds(cycle: Cycle, kind: str) -> Exists:
    counted = BrightSpot.objects.filter(cycle=cycle, kind=kind, status__in=COUNTED_STATUSES)
    return Exists(counted.filter(unit=OuterRef("pk")))


class MissingUnits:
    """The units of ``units_missing_minimum`` as a sequence for a Paginator, counted
    and sliced with the help of the summary lines. The lines say how many units miss
    the minimum under each direct child, and a child's units follow one another by
    path: a page reads the bright spots of the few children it spans, not the year's
    of the whole subtree, and nothing is counted again."""

    def __init__(self, *, unit: Unit, cycle: Cycle, rows: list[GroupRow]):
        self.unit = unit
        self.cycle = cycle
        self.groups = sorted((row.unit.path, row.missing) for row in rows)

    def __len__(self) -> int:
        return sum(missing for _path, missing in self.groups)

    def __getitem__(self, page: slice) -> list[Unit]:
        first, until, before, seen = None, None, 0, 0
        for path, missing in self.groups:
            if first is not None and seen >= page.stop:
                until = path
                break
            if first is None and seen + missing > page.start:
                first, before = path, seen
            seen += missing
        if first is None:
            return []
        units = units_missing_minimum(unit=self.unit, cycle=self.cycle, since=first, until=until)
        return list(units[page.start - before : page.stop - before])


def late_units(*, cycle: Cycle, kind: str, root: Unit, today: datetime.date) -> QuerySet:
    """Reporting units under ``root`` that have not done ``kind`` and whose own
    deadline has passed by ``today``."""
    if today <= cycle.deadline(kind):
        return Unit.objects.none()
    running = DeadlineExtension.objects.filter(cycle=cycle, deadline=kind, new_date__gte=today)
    return units_not_done(cycle=cycle, kind=kind, root=root).exclude(_units_in(running))


def recognitions_by_level(*, unit: Unit, cycle: Cycle) -> list[tuple[str, str, int]]:
    """(level, label, n): valid certificates of the year by level of the recognising
    authority."""
    certificates = Certificate.objects.valid().filter(bright_spot__cycle=cycle)
    rows = dict(
        under(certificates, unit, to_unit="bright_spot__unit")
        .values_list("decision__authority__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(level, label, rows.get(level, 0)) for level, label in UnitLevel.choices]


@dataclass
class LateFigures:
    """Late units for one deadline: not done yet (first names and count) and done late
    under an extension."""

    kind: str
    deadline: datetime.date
    count: int = 0
    units: list = field(default_factory=list)
    done_late: int = 0


def late_figures(
    *,
    unit: Unit,
    cycle: Cycle,
    kind: str,
    today: datetime.date,
    done_late_model: type[models.Model],
    limit: int = 20,
) -> LateFigures:
    """The first ``limit`` late units carry the count of all of them (a window over the
    same query: one query, not a COUNT and a page)."""
    late = late_units(cycle=cycle, kind=kind, root=unit, today=today)
    first = list(late.annotate(late_count=Window(Count("pk"))).order_by("path")[:limit])
    return LateFigures(
        kind=kind,
        deadline=cycle.deadline(kind),
        count=first[0].late_count if first else 0,
        units=first,
        done_late=under(done_late_model.objects.filter(cycle=cycle, is_late=True), unit).count(),
    )


def late_registrations(*, unit: Unit, cycle: Cycle, today: datetime.date) -> LateFigures:
    return late_figures(
        unit=unit,
        cycle=cycle,
        kind=DeadlineKind.REGISTRATION,
        today=today,
        done_late_model=RegistrationList,
    )


def late_reports(*, unit: Unit, cycle: Cycle, today: datetime.date) -> LateFigures:
    return late_figures(
        unit=unit,
        cycle=cycle,
        kind=DeadlineKind.REVIEW_REPORT,
        today=today,
        done_late_model=ReviewReport,
    )

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
  (``COUNTED_STATUSES``); a unit *meets the yearly minimum* with the counted spots of
  each kind its year's process asks of its kind of unit (Nghệ An: one QCDC, one DVCQ
  and one Dân vận khéo, for every unit), ``Process.minimum``;
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
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, Substr

from apps.brightspots.enums import COUNTED_STATUSES, LIST_SENT, BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationList
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from apps.cycles.process import Process, process_of
from apps.decisions.models import Certificate
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.reports.selectors.deadlines import reporting_units, units_not_done
from apps.units.enums import UnitLevel
from apps.units.models import Unit

if TYPE_CHECKING:
    from django.db import models


RECOGNISED = BrightSpotStatus.RECOGNISED


def kinds_of(cycle: Cycle) -> tuple[str, ...]:
    """The kinds of bright spot of the cycle's process, in its order: the columns."""
    return process_of(cycle=cycle).kind_codes


def _column(index: int) -> str:
    """The name of the count column of the ``index``-th kind (kind codes are data: they
    never become SQL identifiers)."""
    return f"k{index}"


# Unit-level conditions are semi-joins (``id IN (SELECT unit_id ...)``), which
# PostgreSQL hashes once per query. Correlated EXISTS gave the same plan but an
# estimated cost ~50 times higher, enough to trigger PostgreSQL's JIT compiler, which
# spent 3 s compiling a 50 ms query over 3,500 units.
def _units_in(rows: QuerySet) -> Q:
    return Q(pk__in=rows.values("unit_id"))


def _minimum_rules(process: Process) -> list[tuple[str | None, dict[str, int]]]:
    """(unit kind, {kind: count}) of the process's minimum: first the rule of every unit
    kind without its own (unit kind None), then one per unit kind with its own rows."""
    own = sorted({of for _kind, of, _count in process.minimums if of})
    return [(None, process.minimum(None)), *((of, process.minimum(of)) for of in own)]


def _count_filter(minimum: dict[str, int], kinds: tuple[str, ...]) -> dict:
    return {f"{_column(kinds.index(k))}__gte": n for k, n in minimum.items() if k in kinds}


def meets_minimum(cycle: Cycle, unit: Unit | None = None, paths: Q | None = None) -> Q:
    """A condition on Unit rows: the counted bright spots of each kind the year's
    process asks of the unit's kind. One semi-join over the year's bright spots grouped
    by unit per rule (Nghệ An has one); ``unit`` (its subtree) and ``paths`` (a
    condition on the spots' ``unit__path``, see ``_paths``) narrow the bright spots read
    to those of some units. A rule asking nothing is met by every unit it covers."""
    process = process_of(cycle=cycle)
    kinds = process.kind_codes
    spots = spots_by_unit(cycle, unit).filter(paths or Q())
    rules = _minimum_rules(process)
    own_kinds = [of for of, _minimum in rules if of]
    condition = Q()
    for of, minimum in rules:
        applies = Q(kind=of) if of else ~Q(kind__in=own_kinds) if own_kinds else Q()
        met = _units_in(spots.filter(**_count_filter(minimum, kinds))) if minimum else Q()
        condition |= applies & met if (applies or met) else Q(pk__isnull=False)
    return condition


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


def _spot_counts(kinds: tuple[str, ...]) -> dict:
    """Aggregates over counted bright spots: per kind (columns ``k0``, ``k1``, … in the
    order of ``kinds``), and the recognised ones. They count ``unit_id`` (never null)
    rather than ``pk``, so that an index holding the unit can answer without reading
    the table."""
    counts = {_column(i): Count("unit_id", filter=Q(kind=kind)) for i, kind in enumerate(kinds)}
    counts["recognised"] = Count("unit_id", filter=Q(status=RECOGNISED))
    return counts


def spots_by_unit(cycle: Cycle, unit: Unit | None = None) -> QuerySet:
    """One row per unit with counted bright spots in ``cycle`` (in ``unit``'s subtree
    when given): ``unit_id``, its counted spots of each kind, its recognised ones. The
    states are filtered once per row, not in each aggregate (a third of the time)."""
    spots = BrightSpot.objects.filter(cycle=cycle, status__in=COUNTED_OR_RECOGNISED)
    if unit is not None:
        spots = under(spots, unit)
    return spots.values("unit_id").annotate(**_spot_counts(kinds_of(cycle))).order_by()


@dataclass
class GroupRow:
    """One line of the summary: a direct child's whole subtree, or the unit's own."""

    # The counts of a line, in the order of the summary's columns (page, xlsx, PDF):
    # these, then the spots of each kind of the process, then the recognised ones.
    COUNTS: ClassVar[tuple[str, ...]] = (
        "units",
        "meeting",
        "lists_sent",
        "reports_submitted",
    )

    unit: Unit
    is_self: bool = False
    units: int = 0
    meeting: int = 0
    lists_sent: int = 0
    reports_submitted: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # counted spots, process order
    recognised: int = 0

    @property
    def missing(self) -> int:
        return self.units - self.meeting

    def figures(self) -> list[int]:
        """The line's numbers in the summary's column order."""
        return [
            self.units,
            self.meeting,
            self.missing,
            self.lists_sent,
            self.reports_submitted,
            *self.kinds.values(),
            self.recognised,
        ]

    def as_dict(self) -> dict:
        return {
            "name": self.unit.name if self.unit else "",
            "is_self": self.is_self,
            "spots": sum(self.kinds.values()),
            **dict(zip(summary_keys(tuple(self.kinds)), self.figures(), strict=True)),
        }


def summary_keys(kinds: tuple[str, ...]) -> list[str]:
    """The keys of ``GroupRow.as_dict``'s figures, in column order (a kind's count under
    its code)."""
    return ["units", "meeting", "missing", "lists_sent", "reports_submitted", *kinds, "recognised"]


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
        .values("id", "kind", "group", "list_sent", "report_submitted")
        .order_by()
    )
    process = process_of(cycle=cycle)
    kinds = process.kind_codes
    units_sql, units_params = units.query.sql_with_params()
    spots_sql, spots_params = spots_by_unit(cycle, unit).query.sql_with_params()
    groups_sql, meets_params = _groups_sql(process)
    with connection.cursor() as cursor:
        cursor.execute(
            groups_sql.format(units=units_sql, spots=spots_sql, unit_table=_UNIT_TABLE),
            (*meets_params, *units_params, *spots_params),
        )
        lines = cursor.fetchall()
    result = []
    for line in lines:
        counts = list(map(int, line[3:-1]))
        result.append(
            GroupRow(
                unit=Unit.from_db(connection.alias, ["id", "path", "name"], line[:3]),
                is_self=line[1] == unit.path,
                **dict(zip(GroupRow.COUNTS, counts[:4], strict=True)),
                kinds=dict(zip(kinds, counts[4:-1], strict=True)),
                recognised=counts[-1],
            )
        )
    return sorted(result, key=lambda row: (not row.is_self, row.unit.name))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


_UNIT_TABLE = connection.ops.quote_name(Unit._meta.db_table)


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _meets_sql(process: Process) -> tuple[str, list]:
    """The yearly minimum (as in ``meets_minimum``) as a condition on a line of the
    units (``u``, with its kind) left-joined to ``spots_by_unit`` (``s``), and its
    parameters. Only quoted column names of our own (``k0``, ``k1``, …: kind codes never
    become identifiers) are written into the text; the counts and the unit kinds are
    parameters. Nghệ An's one rule for every unit: ``s."k0" >= 1 AND s."k1" >= 1 AND
    s."k2" >= 1``; a unit kind with rules of its own adds ``OR (u.kind = … AND …)``."""
    kinds = process.kind_codes
    params: list = []

    def met(minimum: dict[str, int]) -> str:
        parts = []
        for kind, count in minimum.items():
            if kind in kinds:
                parts.append(f"s.{_quoted(_column(kinds.index(kind)))} >= %s")
                params.append(int(count))
        return " AND ".join(parts) or "TRUE"

    rules = _minimum_rules(process)
    own = [of for of, _minimum in rules if of]
    if not own:
        return met(rules[0][1]), params
    params.extend(own)
    listed = ", ".join(["%s"] * len(own))
    conditions = [f"(u.kind NOT IN ({listed}) AND {met(rules[0][1])})"]
    for of, minimum in rules[1:]:
        params.append(of)
        conditions.append(f"(u.kind = %s AND {met(minimum)})")
    return " OR ".join(conditions), params


def _groups_sql(process: Process) -> tuple[str, list]:
    """The summary's statement: summed per group first, then joined to the group heads
    (175 lines, not 3,500 units), with the parameters of its minimum, which come first.
    ``{units}``, ``{spots}`` and ``{unit_table}`` are filled in by ``subtree_rows``."""
    columns = [_column(i) for i in range(len(process.kind_codes))] + ["recognised"]
    sums = ", ".join(f"COALESCE(SUM(s.{_quoted(name)}), 0)" for name in columns)
    meets, params = _meets_sql(process)
    sql = (
        "SELECT h.id, h.path, h.name, g.* FROM ("
        "SELECT COUNT(*), "
        f"COUNT(*) FILTER (WHERE {meets}), "
        "COUNT(*) FILTER (WHERE u.list_sent), COUNT(*) FILTER (WHERE u.report_submitted), "
        f'{sums}, u."group" '
        "FROM ({units}) u LEFT JOIN ({spots}) s ON s.unit_id = u.id "
        'GROUP BY u."group"'
        ') g INNER JOIN {unit_table} h ON h.path = g."group"'
    )
    return sql, params


def totals(rows: list[GroupRow], kinds: tuple[str, ...]) -> GroupRow:
    """The sum of the summary's lines (the subtree's figures); ``kinds`` in the
    process's order, for a summary without lines too."""
    total = GroupRow(unit=None, kinds=dict.fromkeys(kinds, 0))
    for row in rows:
        for name in (*GroupRow.COUNTS, "recognised"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for kind, n in row.kinds.items():
            total.kinds[kind] = total.kinds.get(kind, 0) + n
    return total


def _empty_table(kinds: tuple[str, ...]) -> dict[str, dict[str, int]]:
    return {kind: dict.fromkeys(BrightSpotStatus.values, 0) for kind in kinds}


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
    kinds = {cycle.pk: process_of(cycle=cycle).kind_codes for cycle in cycles}
    table = {}
    for cycle_id, kind, status, n in rows:
        year = years[cycle_id]
        if year not in table:
            table[year] = _empty_table(kinds[cycle_id])
        table[year].setdefault(kind, dict.fromkeys(BrightSpotStatus.values, 0))[status] = n
    return dict(sorted(table.items()))


def counts_by_kind_and_status(
    by_year: dict, year: int, kinds: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """{kind: {status: n}} of one year of ``counts_by_year`` (every kind of ``kinds``,
    zeros for a year without spots)."""
    return _empty_table(kinds) | by_year.get(year, {})


def trend(by_year: dict, kinds: tuple[str, ...]) -> list[dict]:
    """Per year of ``counts_by_year``: counted bright spots of each of ``kinds`` (a list
    in their order) and the recognised ones."""
    empty = dict.fromkeys(BrightSpotStatus.values, 0)
    return [
        {
            "year": year,
            "kinds": [
                sum(table.get(kind, empty)[status] for status in COUNTED_STATUSES) for kind in kinds
            ],
            "recognised": sum(counts[RECOGNISED] for counts in table.values()),
        }
        for year, table in by_year.items()
    ]


def units_missing_minimum(
    *, unit: Unit, cycle: Cycle, since: str = "", until: str | None = None
) -> QuerySet:
    """Reporting units of the subtree missing the yearly minimum, by path, annotated
    with their counted spots of each kind of the minimum (``n_k0``, ``n_k1``, … in the
    order of ``Process.minimum_kinds``); only those with a path from ``since`` and
    before ``until`` when given. The counts are correlated subqueries on the unit's own
    bright spots, unlike the semi-joins above: PostgreSQL computes them for the rows it
    returns and those an OFFSET skips, so read a narrow slice (``MissingUnits`` does: a
    few dozen rows at most)."""
    units = reporting_units(unit).filter(_paths(since, until))
    meeting = meets_minimum(cycle, unit, _paths(since, until, of="unit__"))
    kinds = process_of(cycle=cycle).minimum_kinds
    counts = {f"n_{_column(i)}": _held(cycle, kind) for i, kind in enumerate(kinds)}
    return units.exclude(meeting).annotate(**counts).order_by("path")


def _held(cycle: Cycle, kind: str) -> Subquery:
    counted = BrightSpot.objects.filter(
        cycle=cycle, kind=kind, status__in=COUNTED_STATUSES, unit=OuterRef("pk")
    )
    return Coalesce(
        Subquery(counted.order_by().values("unit").annotate(n=Count("*")).values("n")[:1]),
        0,
    )


def minimum_cells(unit: Unit, process: Process) -> list[tuple[int, int]]:
    """(required, held) for each kind of ``process.minimum_kinds``, of a unit from
    ``units_missing_minimum`` (required 0: its kind of unit need not build that kind)."""
    required = process.minimum(unit.kind)
    return [
        (required.get(kind, 0), getattr(unit, f"n_{_column(i)}"))
        for i, kind in enumerate(process.minimum_kinds)
    ]


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
        found = list(units[page.start - before : page.stop - before])
        process = process_of(cycle=self.cycle)
        for missing_unit in found:
            missing_unit.minimum_cells = minimum_cells(missing_unit, process)
        return found


def late_units(*, cycle: Cycle, kind: str, root: Unit, today: datetime.date) -> QuerySet:
    """Reporting units under ``root`` that have not done ``kind`` and whose own
    deadline has passed by ``today``."""
    if today <= cycle.deadline(kind):
        return Unit.objects.none()
    running = DeadlineExtension.objects.filter(cycle=cycle, deadline=kind, new_date__gte=today)
    return units_not_done(cycle=cycle, kind=kind, root=root).exclude(_units_in(running))


def recognitions_by_level(*, unit: Unit, cycle: Cycle) -> list[tuple[str, str, int]]:
    """(level, label, n): valid certificates of the year by level of the recognising
    authority; a level the process says was gone before the year began (districts after
    30/6/2025) only when it still has some."""
    certificates = Certificate.objects.valid().filter(bright_spot__cycle=cycle)
    rows = dict(
        under(certificates, unit, to_unit="bright_spot__unit")
        .values_list("decision__authority__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    first_day, _last = cycle.period()
    gone = process_of(cycle=cycle).levels_gone_by(first_day)
    return [
        (level, label, rows.get(level, 0))
        for level, label in UnitLevel.choices
        if rows.get(level) or level not in gone
    ]


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

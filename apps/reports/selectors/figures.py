"""Figures of the dashboards, the province summary and the yearly review report.

Every number is counted in SQL (``Count(filter=...)``, semi-joins) over a unit subtree
(``path`` prefix), so the number of queries does not grow with the data.

Definitions:
- a *reporting unit* builds bright spots and reports (active; not the province node,
  not a board): ``apps.reminders.selectors.reporting_units``;
- a bright spot *counts* for its year once sent in the list and not withdrawn
  (``COUNTED_STATUSES``); a unit *meets the yearly minimum* with at least one counted
  QCDC, one DVCQ and one Dân vận khéo bright spot;
- a unit is *late* for a deadline when it has not done the thing and its own deadline
  (the extension, when later) has passed; *done late* means sent under an extension.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
)
from django.db.models.functions import Substr

from apps.brightspots.enums import COUNTED_STATUSES, BrightSpotKind, BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationList
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from apps.decisions.models import Certificate
from apps.reminders.selectors import LIST_SENT, reporting_units, units_not_done
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit

KINDS = BrightSpotKind.values
RECOGNISED = BrightSpotStatus.RECOGNISED
NOT_REPORTING = (UnitKind.PROVINCE, UnitKind.BOARD)


# Unit-level conditions are semi-joins (``id IN (SELECT unit_id ...)``), which
# PostgreSQL hashes once per query. Correlated EXISTS gave the same plan but an
# estimated cost ~50 times higher, enough to trigger PostgreSQL's JIT compiler, which
# spent 3 s compiling a 50 ms query over 3,500 units.
def _units_in(rows: QuerySet) -> Q:
    return Q(pk__in=rows.values("unit_id"))


def _has_kind(cycle: Cycle, kind: str) -> Q:
    return _units_in(BrightSpot.objects.filter(cycle=cycle, kind=kind, status__in=COUNTED_STATUSES))


def meets_minimum(cycle: Cycle) -> Q:
    """A condition on Unit rows: one counted bright spot of each kind this year."""
    return _has_kind(cycle, KINDS[0]) & _has_kind(cycle, KINDS[1]) & _has_kind(cycle, KINDS[2])


def _list_sent(cycle: Cycle) -> Q:
    return _units_in(RegistrationList.objects.filter(cycle=cycle, status__in=LIST_SENT))


def _report_submitted(cycle: Cycle) -> Q:
    return _units_in(ReviewReport.objects.filter(cycle=cycle, status=ReviewReportStatus.SUBMITTED))


def spots_under(unit: Unit) -> QuerySet:
    """Bright spots of ``unit``'s subtree; for a province, those of its cycles (no join
    with the unit table over every row)."""
    if unit.depth == 1:
        return BrightSpot.objects.filter(cycle__province=unit)
    return BrightSpot.objects.filter(unit__path__startswith=unit.path)


def _spot_counts() -> dict:
    """Aggregates over bright spots: counted per kind, recognised."""
    counts = {kind: Count("pk", filter=Q(kind=kind, status__in=COUNTED_STATUSES)) for kind in KINDS}
    counts["recognised"] = Count("pk", filter=Q(status=RECOGNISED))
    return counts


@dataclass
class GroupRow:
    """One line of the summary: a direct child's whole subtree, or the unit's own."""

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
            **{
                name: getattr(self, name)
                for name in (
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
            },
        }


def subtree_rows(*, unit: Unit, cycle: Cycle) -> list[GroupRow]:
    """The unit's own line (when it reports) then one line per direct child subtree,
    by name. Three queries, whatever the size of the subtree."""
    length = (unit.depth + 1) * unit.steplen
    units = (
        reporting_units(unit)
        .annotate(group=Substr("path", 1, length))
        .values("group")
        .annotate(
            units=Count("pk"),
            meeting=Count("pk", filter=meets_minimum(cycle)),
            lists_sent=Count("pk", filter=_list_sent(cycle)),
            reports_submitted=Count("pk", filter=_report_submitted(cycle)),
        )
        .order_by()
    )
    spots = (
        BrightSpot.objects.filter(
            cycle=cycle, unit__path__startswith=unit.path, unit__is_active=True
        )
        .exclude(unit__kind__in=NOT_REPORTING)
        .annotate(group=Substr("unit__path", 1, length))
        .values("group")
        .annotate(**_spot_counts())
        .order_by()
    )
    rows = {r["group"]: r for r in units}
    for r in spots:
        rows.setdefault(r["group"], {}).update(r)
    heads = {u.path: u for u in Unit.objects.filter(path__in=list(rows))}
    result = [
        GroupRow(unit=heads[path], is_self=path == unit.path, **_row_values(values))
        for path, values in rows.items()
        if path in heads
    ]
    return sorted(result, key=lambda row: (not row.is_self, row.unit.name))


def _row_values(values: dict) -> dict:
    fields = GroupRow.__dataclass_fields__
    return {k: v for k, v in values.items() if k in fields and k not in ("unit", "is_self")}


def totals(rows: list[GroupRow]) -> GroupRow:
    """The sum of the summary's lines (the subtree's figures)."""
    total = GroupRow(unit=None)
    for row in rows:
        for name in GroupRow.__dataclass_fields__:
            if name not in ("unit", "is_self"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def counts_by_kind_and_status(*, unit: Unit, cycle: Cycle) -> dict[str, dict[str, int]]:
    """{kind: {status: n}} for the subtree's bright spots of the year (one query)."""
    table = {kind: dict.fromkeys(BrightSpotStatus.values, 0) for kind in KINDS}
    rows = (
        spots_under(unit)
        .filter(cycle=cycle)
        .values_list("kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, status, n in rows:
        table[kind][status] = n
    return table


def units_missing_minimum(*, unit: Unit, cycle: Cycle) -> QuerySet:
    """Reporting units of the subtree without their 1 QCDC + 1 DVCQ + 1 Dân vận khéo,
    annotated ``has_qcdc``/``has_dvcq``/``has_dvk``."""
    flags = {
        f"has_{kind}": ExpressionWrapper(_has_kind(cycle, kind), output_field=BooleanField())
        for kind in KINDS
    }
    return reporting_units(unit).filter(~meets_minimum(cycle)).annotate(**flags).order_by("path")


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
    rows = dict(
        Certificate.objects.valid()
        .filter(bright_spot__cycle=cycle, bright_spot__unit__path__startswith=unit.path)
        .values_list("decision__authority__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(level, label, rows.get(level, 0)) for level, label in UnitLevel.choices]


def trend(*, unit: Unit) -> list[dict]:
    """Per year: counted bright spots by kind and recognised ones (one query)."""
    rows = (
        spots_under(unit).values("cycle__year").annotate(**_spot_counts()).order_by("cycle__year")
    )
    return [{"year": r.pop("cycle__year"), **r} for r in rows]


@dataclass
class LateFigures:
    """Late units for one deadline: not done yet (first names and count) and done late
    under an extension."""

    kind: str
    deadline: datetime.date
    count: int = 0
    units: list = field(default_factory=list)
    done_late: int = 0


def late_figures(*, unit, cycle, kind, today, done_late_model, limit=20) -> LateFigures:
    late = late_units(cycle=cycle, kind=kind, root=unit, today=today).order_by("path")
    return LateFigures(
        kind=kind,
        deadline=cycle.deadline(kind),
        count=late.count(),
        units=list(late[:limit]),
        done_late=done_late_model.objects.filter(
            cycle=cycle, unit__path__startswith=unit.path, is_late=True
        ).count(),
    )


def late_registrations(*, unit, cycle, today) -> LateFigures:
    return late_figures(
        unit=unit,
        cycle=cycle,
        kind=DeadlineKind.REGISTRATION,
        today=today,
        done_late_model=RegistrationList,
    )


def late_reports(*, unit, cycle, today) -> LateFigures:
    return late_figures(
        unit=unit,
        cycle=cycle,
        kind=DeadlineKind.REVIEW_REPORT,
        today=today,
        done_late_model=ReviewReport,
    )

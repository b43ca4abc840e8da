"""Who has not yet done what a deadline asks: the reminders send from it, the
dashboards count it."""

from django.db.models import Count, FilteredRelation, Q, QuerySet, Value

from apps.brightspots.enums import LIST_SENT, UNDER_WAY
from apps.brightspots.models import ProgressUpdate, RegistrationList
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.selectors import process_rules
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.units.enums import UnitKind
from apps.units.models import Unit


def reporting_units(root: Unit) -> QuerySet:
    """The units under ``root`` (itself included) that build bright spots and report:
    active, neither the province node itself nor a board."""
    return Unit.objects.filter(path__startswith=root.path, is_active=True).exclude(
        kind__in=(UnitKind.PROVINCE, UnitKind.BOARD)
    )


def units_not_done(*, cycle: Cycle, kind: str, root: Unit | None = None) -> QuerySet:
    """Reporting units (of the cycle's province, or of ``root``'s subtree) that have not
    done what deadline ``kind`` asks, annotated with ``missing`` (how many lists,
    updates, reports or dossiers are missing). One query when evaluated (and one for the
    province's rules for the progress update: none is missing where it is switched
    off)."""
    units = reporting_units(root or cycle.province)
    if kind == DeadlineKind.PROGRESS and not process_rules(cycle=cycle).progress_update:
        return units.none().annotate(missing=Value(0))  # the province asks for no update
    # Semi-joins and a filtered join, not correlated subqueries: same plans, but
    # estimates low enough that PostgreSQL's JIT compiler stays out (see figures.py).
    if kind == DeadlineKind.REGISTRATION:
        sent = RegistrationList.objects.filter(cycle=cycle, status__in=LIST_SENT)
        return units.exclude(pk__in=sent.values("unit_id")).annotate(missing=Value(1))
    if kind == DeadlineKind.REVIEW_REPORT:
        submitted = ReviewReport.objects.filter(cycle=cycle, status=ReviewReportStatus.SUBMITTED)
        return units.exclude(pk__in=submitted.values("unit_id")).annotate(missing=Value(1))
    spot = FilteredRelation(
        "bright_spots", condition=Q(bright_spots__cycle=cycle, bright_spots__status__in=UNDER_WAY)
    )
    lacking = None
    if kind == DeadlineKind.PROGRESS:
        lacking = ~Q(spot__pk__in=ProgressUpdate.objects.values("bright_spot_id"))
    return (
        units.annotate(spot=spot)
        .annotate(missing=Count("spot", filter=lacking))
        .filter(missing__gt=0)
    )

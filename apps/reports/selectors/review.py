"""The figures a yearly review report is prefilled with, and the report lists."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from apps.accounts.permissions import memberships
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, ProgressUpdate
from apps.cycles.models import Cycle
from apps.cycles.process import process_of
from apps.cycles.selectors import process_rules
from apps.decisions.models import Certificate
from apps.dossiers.models import Dossier
from apps.reports.models import ReviewReport
from apps.reports.permissions import UNIT_STAFF, is_reporting_unit, review_reports_visible_to
from apps.reports.selectors.figures import subtree_rows
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apps.accounts.models import User


S = BrightSpotStatus


def review_report_figures(*, unit: Unit, cycle: Cycle) -> dict:
    """What the report states from the data (JSON-ready; dates as dd/mm/yyyy): the
    unit's bright spots with their status, progress update and dossier, its
    recognitions, whether it meets the yearly minimum, and its subordinate units'
    status (``progress`` None where the province asks for no mid-year update). Six
    queries."""
    spots = list(
        BrightSpot.objects.filter(unit=unit, cycle=cycle)
        .exclude(status=BrightSpotStatus.DRAFT)
        .annotate(
            has_update=Exists(ProgressUpdate.objects.filter(bright_spot=OuterRef("pk"))),
            dossier_submitted=Exists(
                Dossier.objects.filter(bright_spot=OuterRef("pk"), first_submitted_at__isnull=False)
            ),
        )
        .order_by("kind", "name")
    )
    process = process_of(cycle=cycle)
    counted = Counter(s.kind for s in spots if s.status != BrightSpotStatus.WITHDRAWN)
    minimum = process.minimum(unit.kind)
    children = [r for r in subtree_rows(unit=unit, cycle=cycle) if not r.is_self]
    return {
        "computed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "spots": [_spot(s) for s in spots],
        "counts": _counts(spots, process.kind_codes),
        "progress": _progress(spots, cycle),
        "dossiers_submitted": sum(s.dossier_submitted for s in spots),
        "recognitions": _recognitions(unit, cycle),
        "missing_kinds": [k for k, n in minimum.items() if counted[k] < n],
        "children": [row.as_dict() for row in children],
    }


def _progress(spots, cycle) -> dict | None:
    """Spots expected to report progress and those that did; None where the province
    asks for no mid-year update (``ProcessRules.progress_update`` off)."""
    if not process_rules(cycle=cycle).progress_update:
        return None
    return {
        "expected": sum(s.status != BrightSpotStatus.WITHDRAWN for s in spots),
        "updated": sum(s.has_update for s in spots),
    }


def _counts(spots, kinds) -> list[dict]:
    """Per kind: registered (not withdrawn), recognised, withdrawn."""
    return [
        {
            "kind": kind,
            "registered": sum(s.kind == kind and s.status != S.WITHDRAWN for s in spots),
            "recognised": sum(s.kind == kind and s.status == S.RECOGNISED for s in spots),
            "withdrawn": sum(s.kind == kind and s.status == S.WITHDRAWN for s in spots),
        }
        for kind in kinds
    ]


def _spot(spot) -> dict:
    return {
        "name": spot.name,
        "kind": spot.kind,
        "status": spot.status,
        "has_update": spot.has_update,
        "dossier_submitted": spot.dossier_submitted,
    }


def _recognitions(unit, cycle) -> list[dict]:
    certificates = (
        Certificate.objects.valid()
        .filter(bright_spot__unit=unit, bright_spot__cycle=cycle)
        .select_related("decision", "decision__authority")
        .order_by("decision__signed_on", "serial")
    )
    return [
        {
            "name": c.holder_name,
            "kind": c.kind,
            "decision": c.decision.number_label,
            "signed_on": c.decision.signed_on.strftime("%d/%m/%Y"),
            "authority": c.decision.authority.name,
        }
        for c in certificates
    ]


def review_reports_for(user: User) -> QuerySet:
    """Reports the user may open, with unit and year (one query)."""
    return ReviewReport.objects.filter(review_reports_visible_to(user)).select_related(
        "unit", "cycle", "submitted_by"
    )


def own_units(user: User) -> list[Unit]:
    """Units where the user is officer or leader themselves (who write the report)."""
    units = {m.unit.pk: m.unit for m in memberships(user) if m.role in UNIT_STAFF}
    return sorted((u for u in units.values() if is_reporting_unit(u)), key=lambda u: u.path)


def reports_of(units: Iterable[Unit], cycle_ids: Iterable[int]) -> dict:
    """{(unit id, cycle id): report} for the given units and cycles (one query)."""
    rows = ReviewReport.objects.filter(
        Q(unit__in=units) & Q(cycle_id__in=cycle_ids)
    ).select_related("cycle")
    return {(r.unit_id, r.cycle_id): r for r in rows}

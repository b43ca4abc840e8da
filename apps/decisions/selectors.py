"""Reads of the decisions app: who recognises which bright spot, what a user may see."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr

from apps.accounts.enums import ALL_ROLES, Role
from apps.accounts.permissions import is_superuser, memberships, reach_q
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.decisions.enums import DecisionStatus, ProposalStatus
from apps.decisions.models import (
    Certificate,
    CommendationItem,
    CommendationPeriod,
    CommendationProposal,
    Decision,
    DecisionItem,
)
from apps.dossiers.enums import DossierStatus
from apps.units.enums import BoardFunction
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.accounts.models import User


LIVE_DECISION_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.ISSUED)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
CODE_LENGTH = 10


# --- who recognises ------------------------------------------------------------------


def nearest_authority(unit: Unit) -> Unit | None:
    """The recognising authority of ``unit``'s level: the unit itself if it is one,
    else its nearest ancestor that is ("điểm sáng ở cấp nào do ... cấp đó công nhận")."""
    return (
        Unit.objects.ancestors_of(unit)
        .filter(is_recognising_authority=True, is_active=True)
        .order_by("-depth")
        .first()
    )


def units_held(user: User, role: str) -> list[Unit]:
    """Units where the user holds ``role`` itself (not through an ancestor)."""
    return [m.unit for m in memberships(user) if m.role == role]


def holds_role_in(user: User, role: str, unit: Unit) -> bool:
    """The user holds ``role`` in exactly ``unit``: signing for an authority (or acting
    for a steering board) is not inherited from a higher level."""
    if unit is None:
        return False
    return is_superuser(user) or any(u.pk == unit.pk for u in units_held(user, role))


def authorities_of(user: User) -> list[Unit]:
    """The recognising authorities whose decisions the user signs (by membership)."""
    return [
        u
        for u in units_held(user, Role.DECISION_MAKER)
        if u.is_recognising_authority and u.is_active
    ]


def proposed_q() -> Q:
    """Bright spots proposed for recognition: in recognition, with their dossier's
    request letter (công văn đề nghị) sent, i.e. the dossier PROPOSED."""
    return Q(status=BrightSpotStatus.IN_RECOGNITION, dossier__status=DossierStatus.PROPOSED)


def _under_a_nearer_authority(authority: Unit):
    """Exists: the bright spot's unit lies under a recognising authority deeper than
    ``authority`` (so that one, not ``authority``, recognises it)."""
    return Exists(
        Unit.objects.filter(
            is_recognising_authority=True,
            is_active=True,
            path__startswith=authority.path,
            depth__gt=authority.depth,
        )
        .annotate(prefix=Substr(OuterRef("unit__path"), 1, Length("path")))
        .filter(prefix=F("path"))
    )


def in_authority_level(authority: Unit) -> QuerySet[BrightSpot]:
    """Bright spots whose nearest recognising authority is ``authority`` (one query)."""
    return BrightSpot.objects.filter(unit__path__startswith=authority.path).exclude(
        _under_a_nearer_authority(authority)
    )


def recognisable_bright_spots(*, authority: Unit, decision: Decision | None = None):
    """Proposed bright spots ``authority`` may recognise that no other live decision
    (draft or issued) lists; ``decision``'s own items stay eligible for it."""
    elsewhere = DecisionItem.objects.filter(
        bright_spot=OuterRef("pk"), decision__status__in=LIVE_DECISION_STATUSES
    )
    if decision is not None:
        elsewhere = elsewhere.exclude(decision=decision)
    return (
        in_authority_level(authority)
        .filter(proposed_q())
        .exclude(Exists(elsewhere))
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "unit__path", "kind", "name")
    )


def next_decision_number(*, authority: Unit, year: int) -> int:
    """One more than the highest number the authority used in ``year`` in the portal."""
    last = (
        Decision.objects.filter(authority=authority, year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


# --- what a user sees --------------------------------------------------------------------


def decision_items(decision: Decision) -> QuerySet[DecisionItem]:
    return decision.items.select_related("bright_spot__unit", "bright_spot__cycle").order_by(
        "order", "id"
    )


def decision_lists_unit_in_reach(user: User, decision: Decision) -> bool:
    return decision.items.filter(reach_q(user, ALL_ROLES, unit_field="bright_spot__unit")).exists()


def latest_print_job(decision: Decision):
    return decision.print_jobs.order_by("-created_at", "-id").first()


# --- verification ------------------------------------------------------------------------


def normalise_code(text: str) -> str:
    """What people type: lower case, dashes, spaces, O for 0 and I/L for 1."""
    cleaned = re.sub(r"[\s\-_.]", "", (text or "").upper())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return ""
    return cleaned


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate behind a printed code, if any (issued or revoked decisions only)."""
    cleaned = normalise_code(code)
    if not cleaned:
        return None
    return (
        Certificate.objects.select_related("decision")
        .exclude(decision__status=DecisionStatus.DRAFT)
        .filter(code=cleaned)
        .first()
    )


# --- commendation ------------------------------------------------------------------------


def default_period() -> CommendationPeriod | None:
    return CommendationPeriod.objects.order_by("-start_year").first()


def councils_for(unit: Unit) -> QuerySet[Unit]:
    """The emulation and commendation council(s) of ``unit``'s level: boards with that
    function directly under it."""
    return Unit.objects.filter(
        path__startswith=unit.path,
        depth=unit.depth + 1,
        function=BoardFunction.EMULATION_COUNCIL,
        is_active=True,
    )


def steering_units_of(user: User) -> list[Unit]:
    """Levels whose steering board the user acts for."""
    return units_held(user, Role.STEERING)


def commendation_candidates(*, proposal: CommendationProposal) -> QuerySet[Certificate]:
    """Valid certificates of the period, of the proposal's kind, for bright spots in its
    level's subtree, not yet in the proposal. Ordered by year, unit, name."""
    chosen = proposal.items.values("bright_spot_id")
    return (
        Certificate.objects.valid()
        .filter(
            kind=proposal.kind,
            year__gte=proposal.period.start_year,
            year__lte=proposal.period.end_year,
            bright_spot__unit__path__startswith=proposal.unit.path,
            bright_spot__status=BrightSpotStatus.RECOGNISED,
        )
        .exclude(bright_spot_id__in=chosen)
        .select_related("decision", "bright_spot__unit")
        .order_by("year", "bright_spot__unit__path", "holder_name")
    )


def proposal_items(proposal: CommendationProposal) -> QuerySet[CommendationItem]:
    return proposal.items.select_related("bright_spot__unit", "certificate__decision").order_by(
        "certificate__year", "bright_spot__unit__path", "certificate__holder_name"
    )


def proposal_is_open(proposal: CommendationProposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT

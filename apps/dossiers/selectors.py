"""Reading dossiers: the queue, one dossier's page, and the people a step concerns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Substr

from apps.accounts.enums import UNIT_STAFF, Role
from apps.accounts.permissions import can, holds_role_anywhere, reach_q
from apps.accounts.selectors import members_of, members_over, members_within, province_of
from apps.brightspots.enums import UNDER_WAY, BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.core.pagination import page_by_keys
from apps.cycles.models import ProcessRules
from apps.decisions.enums import DecisionStatus
from apps.dossiers import levels
from apps.dossiers.enums import AttachmentPurpose, DossierStatus
from apps.dossiers.models import APPRAISE_PERMISSION, Attachment, CriterionAssessment, Dossier
from apps.dossiers.permissions import dossiers_visible_to
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from apps.accounts.models import User


User = get_user_model()

# A bright spot's outcome: once it has one, its dossier is closed (and says so).
OUTCOMES = frozenset({BrightSpotStatus.RECOGNISED, BrightSpotStatus.NOT_RECOGNISED})


# The queue's state filter: one real state, or every state waiting for an appraiser.
WAITING = "waiting"


def dossier_queue(
    *,
    user: User,
    kind: str = "",
    state: str = "",
    text: str = "",
    days: int | None = None,
    unit: Unit | None = None,
):
    """Dossiers the user may see (reach or a grant), filtered, oldest waiting first;
    ``unit`` narrows to that unit's subtree. A fixed number of queries whatever the
    size."""
    dossiers = dossiers_visible_to(user).for_queue().search(text)
    if unit is not None:
        dossiers = dossiers.in_subtree(unit)
    if kind:
        dossiers = dossiers.filter(bright_spot__kind=kind)
    if state == WAITING:
        dossiers = dossiers.awaiting_appraisal()
    elif state in DossierStatus.values:
        dossiers = dossiers.filter(status=state)
    if days:
        dossiers = dossiers.waiting_at_least(days)
    return dossiers.order_by("state_changed_at", "id")


def queue_page(dossiers: QuerySet, number: int | str | None, *, per_page: int):
    """One page of the queue, paginated on the ids (count, ids, rows)."""
    return page_by_keys(dossiers, number, per_page=per_page, rows=Dossier.objects.for_queue())


def default_queue_state(user: User) -> str:
    """Appraisers start on what waits for them; everyone else on every state."""
    return WAITING if holds_role_anywhere(user, Role.APPRAISER) else ""


def dossier_for_page():
    """The queryset a dossier page loads its dossier from (with its bright spot)."""
    return Dossier.objects.select_related(
        "bright_spot__unit",
        "bright_spot__cycle",
        "bright_spot__criteria_set",
        "appraiser",
        "updated_by",
        "letter_issuing_unit",
    )


def dossier_for_write():
    """The queryset a POST loads its dossier from: with the bright spot's unit (reach)
    and cycle (dates), which every rule reads."""
    return Dossier.objects.select_related("bright_spot__unit", "bright_spot__cycle")


def active_attachments():
    return Attachment.objects.filter(removed_at__isnull=True).select_related("uploaded_by")


def assessment_of(*, dossier: Dossier, pk: int) -> CriterionAssessment | None:
    """One criterion of the dossier with its group (a background save of it), or None."""
    return (
        CriterionAssessment.objects.select_related("criterion__group")
        .filter(dossier=dossier, pk=pk)
        .first()
    )


def assessments_of(*, dossier: Dossier):
    """The dossier's criteria in checklist order, each with its group and current
    attachments (two queries)."""
    return (
        CriterionAssessment.objects.filter(dossier=dossier)
        .select_related("criterion__group")
        .prefetch_related(Prefetch("attachments", queryset=active_attachments()))
        .order_by("criterion__group__order", "criterion__order")
    )


def general_attachments(*, dossier: Dossier, purpose: str = AttachmentPurpose.EVIDENCE):
    """Current attachments not tied to one criterion (evidence or the letter scan)."""
    return active_attachments().filter(dossier=dossier, assessment__isnull=True, purpose=purpose)


def letter_scan(*, dossier: Dossier) -> Attachment | None:
    return general_attachments(dossier=dossier, purpose=AttachmentPurpose.LETTER).last()


def dossier_document(*, dossier: Dossier) -> dict:
    """What the dossier's document shows, in the guidance's order: the achievement
    summary, the appraisal (with the criteria still not met, named where the appraiser
    passed it over them) and the request letter, and the bright spot's outcome once it
    has one (page and PDF; four queries)."""
    assessments = list(assessments_of(dossier=dossier))
    spot = dossier.bright_spot
    return {
        "dossier": dossier,
        "bright_spot": spot,
        "outcome": spot.get_status_display() if spot.status in OUTCOMES else "",
        "assessments": assessments,
        "not_met": [a.criterion.number for a in assessments if a.is_not_met],
        "attachments": list(general_attachments(dossier=dossier)),
        "letter_scan": letter_scan(dossier=dossier),
    }


@dataclass(frozen=True)
class Recognition:
    """What became of a bright spot after its dossier: ``status`` (recognised or not)
    and, when the user may open them, the latest decision that listed it (issued, or
    revoked for a spot no longer recognised) and its certificate (while valid)."""

    status: str
    label: str
    decision: Any = None
    certificate: Any = None

    @property
    def is_recognised(self) -> bool:
        return self.status == BrightSpotStatus.RECOGNISED


def recognition_of(*, bright_spot: BrightSpot, user: User) -> Recognition | None:
    """The outcome of ``bright_spot`` for its dossier and its page, None while it has
    none. Certificates are made when a decision is issued, one per listed spot, so the
    latest one names the decision (one query; none before an outcome)."""
    if bright_spot.status not in OUTCOMES:
        return None
    latest = (
        bright_spot.certificates.exclude(decision__status=DecisionStatus.DRAFT)
        .select_related("decision__authority", "bright_spot__unit")
        .order_by("-decision__issued_at", "-pk")
        .first()
    )
    decision = latest.decision if latest else None
    return Recognition(
        status=bright_spot.status,
        label=bright_spot.get_status_display(),
        decision=decision if decision and can(user, "decisions.view", decision) else None,
        certificate=latest
        if latest
        and not latest.is_revoked
        and decision.status == DecisionStatus.ISSUED
        and can(user, "decisions.view_certificate", latest)
        else None,
    )


def _acknowledgement_waived():
    """Exists: the province of the bright spot turned ``acknowledgement_required`` off."""
    return Exists(
        ProcessRules.objects.filter(
            acknowledgement_required=False,
            province__path=Substr(OuterRef("unit__path"), 1, Unit.steplen),
        )
    )


def bright_spots_awaiting_dossier(*, user: User, limit: int = 20):
    """Bright spots in the user's reach as unit officer or leader that may open a
    dossier and have none yet: acknowledged ones, and registered ones (list sent) where
    the province does not wait for the board's acknowledgement (switch A8)."""
    # One status list first, so the (unit, status) index answers it.
    may_open = Q(status__in=[*UNDER_WAY, BrightSpotStatus.REGISTERED]) & (
        ~Q(status=BrightSpotStatus.REGISTERED) | Q(_acknowledgement_waived())
    )
    return (
        BrightSpot.objects.filter(reach_q(user, UNIT_STAFF), may_open)
        .filter(dossier__isnull=True)
        .select_related("unit")
        .only("name", "kind", "cycle", "unit__name")  # what a row shows, not the long texts
        .order_by("unit__path", "kind", "name")[:limit]
    )


def dossiers_proposed_for(*, authority_unit: Unit):
    """Proposed dossiers of bright spots in ``authority_unit``'s subtree (for the
    decisions app, which picks the ones its authority recognises)."""
    return Dossier.objects.proposed().in_subtree(authority_unit).for_list()


def letter_issuing_units(*, dossier: Dossier):
    """Who may issue the request letter at the level that recognises the bright spot:
    the authority's leadership or the board its process routes the spot's kind to; see
    ``apps/dossiers/levels.py``."""
    return levels.letter_issuing_units(dossier).order_by("path")


def unit_people(*, dossier: Dossier) -> list:
    """The unit's own officers and leaders, and the bright spot's officer in charge."""
    spot = dossier.bright_spot
    people = list(members_of(units=[spot.unit], roles=UNIT_STAFF))
    if spot.officer_id and spot.officer.is_active and spot.officer not in people:
        people.append(spot.officer)
    return people


def people_over(*, dossier: Dossier, roles: Iterable[str]) -> list:
    """Holders of ``roles`` in the dossier's unit or one of its ancestors."""
    return list(members_over(unit=dossier.bright_spot.unit, roles=roles))


def _grant_holders(dossier: Dossier) -> QuerySet:
    """The users holding a single-dossier appraisal grant on ``dossier`` (django-guardian's
    object permissions), unevaluated: a list of them, or a subquery of another list."""
    from guardian.shortcuts import get_users_with_perms

    return get_users_with_perms(
        dossier,
        only_with_perms_in=[APPRAISE_PERMISSION.split(".", 1)[1]],
        with_group_users=False,
    )


def granted_appraisers(*, dossier: Dossier) -> list:
    """Active users holding a single-dossier appraisal grant on ``dossier``."""
    return list(_grant_holders(dossier).filter(is_active=True).order_by("pk"))


def appraisers_of(*, dossier: Dossier) -> list:
    """Everyone who may appraise the dossier, each once, by pk: the appraisers of its
    recognising authority and of the authority's Ban Dân vận boards, and grantees.
    One query beside the level (``levels.dossier_level``, read once per dossier).

    The units and the people are each a UNION of their parts, not an OR: PostgreSQL
    then reads each part from its index, where an OR of subqueries made it test every
    unit and every person of the database against both (6.9 → 2.0 ms on the
    benchmark province)."""
    level = levels.dossier_level(dossier)
    boards = Unit.objects.boards_of(level, levels.APPRAISING_BOARDS).order_by().values("pk")
    units = Unit.objects.filter(pk=level.pk).order_by().values("pk").union(boards, all=True)
    members = members_of(units=units, roles=[Role.APPRAISER]).order_by().values("pk")
    grants = _grant_holders(dossier).order_by().values("pk")
    people = get_user_model().objects.filter(is_active=True, pk__in=members.union(grants, all=True))
    return list(people.order_by("pk"))


def grantable_appraisers(*, dossier: Dossier):
    """Appraisers of the dossier's province who could be granted this one dossier."""
    return members_within(path=province_of(dossier.bright_spot.unit), roles=[Role.APPRAISER])

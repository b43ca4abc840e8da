"""Who may do what to a dossier. These rules answer "who"; the services add "when"
(state, recognition window) and the conflict of interest, with a message."""

from django.db.models import Q

from apps.accounts.enums import ALL_ROLES, GRANTORS, PROPOSERS, UNIT_STAFF, Role
from apps.accounts.permissions import (
    granted_pks,
    has_grant,
    has_role,
    is_superuser,
    memberships,
    reach_q,
    rule,
)
from apps.dossiers.enums import DossierStatus
from apps.dossiers.levels import appraises_at_level, board_seat_reach_q
from apps.dossiers.models import APPRAISE_PERMISSION, Dossier

# Audit actions that make their actor an author of the bright spot ("wrote") or the one
# who sent it on ("sent"), by the object they are written on.
SPOT_WRITING = ("create", "edit", "progress")
SPOT_SENDING = ("register", "enter_recognition")
LIST_SENDING = ("send",)
DOSSIER_WRITING = ("dossier_create", "dossier_edit", "dossier_attach", "dossier_detach")
DOSSIER_SENDING = ("dossier_submit",)


def _unit(dossier):
    return dossier.bright_spot.unit


@rule("dossiers.view")
def can_view(user, dossier) -> bool:
    """Any role over the unit, or whoever may appraise it (a Ban Dân vận board of its
    level sits beside the unit, not above it; a grant)."""
    return has_role(user, ALL_ROLES, _unit(dossier)) or can_appraise(user, dossier)


@rule("dossiers.create")
def can_create(user, bright_spot) -> bool:
    return has_role(user, UNIT_STAFF, bright_spot.unit)


@rule("dossiers.edit")
def can_edit(user, dossier) -> bool:
    """Write the self-assessment and its attachments, and submit."""
    return has_role(user, UNIT_STAFF, _unit(dossier))


@rule("dossiers.withdraw")
def can_withdraw(user, dossier) -> bool:
    return has_role(user, UNIT_STAFF, _unit(dossier))


@rule("dossiers.appraise")
def can_appraise(user, dossier) -> bool:
    """The Ban Dân vận or the QCDC officer "cùng cấp" (guidance line 91): an appraiser
    of the authority that recognises the bright spot or of its Ban Dân vận board
    (``apps/dossiers/levels.py``), or one granted this dossier. Who wrote, leads or
    sent the spot is refused later, with a message (``conflict_of_interest``)."""
    if is_superuser(user):
        return True
    return appraises_at_level(user, dossier) or has_grant(user, APPRAISE_PERMISSION, dossier)


@rule("dossiers.propose")
def can_propose(user, dossier) -> bool:
    """Write and send the request letter: the steering board or the leadership."""
    return has_role(user, PROPOSERS, _unit(dossier))


@rule("dossiers.decline")
def can_decline(user, dossier) -> bool:
    """Before the proposal the proposers decline; after it, the decision maker."""
    if dossier.status == DossierStatus.PROPOSED:
        return has_role(user, Role.DECISION_MAKER, _unit(dossier))
    return has_role(user, PROPOSERS, _unit(dossier))


@rule("dossiers.grant")
def can_grant(user, dossier) -> bool:
    return has_role(user, GRANTORS, _unit(dossier))


def _leads(user, spot) -> bool:
    return any(m.role == Role.LEADER and m.unit_id == spot.unit_id for m in memberships(user))


def _audited_actions(user, dossier) -> set[str]:
    """The writing and sending actions ``user`` took on the dossier, its bright spot or
    the spot's registration list (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from apps.brightspots.models import BrightSpot, RegistrationList
    from apps.core.models import AuditEvent

    spot = dossier.bright_spot
    targets = [
        (BrightSpot, spot.pk, SPOT_WRITING + SPOT_SENDING),
        (Dossier, dossier.pk, DOSSIER_WRITING + DOSSIER_SENDING),
        (RegistrationList, spot.registration_list_id, LIST_SENDING),
    ]
    where = Q(pk__in=[])
    for model, pk, actions in targets:
        if pk is not None:
            content_type = ContentType.objects.get_for_model(model)
            where |= Q(content_type=content_type, object_id=str(pk), action__in=actions)
    return set(AuditEvent.objects.filter(where, actor=user).values_list("action", flat=True))


def _sent_the_list(user, spot) -> bool:
    from apps.brightspots.models import RegistrationList

    return (
        spot.registration_list_id is not None
        and RegistrationList.objects.filter(pk=spot.registration_list_id, sent_by=user).exists()
    )


def conflict_of_interest(user, dossier) -> str:
    """Why ``user`` may not appraise the dossier themselves: "lead" (a leader of the
    spot's unit), "wrote" (created or changed the spot, reported its progress, opened,
    changed or added files to its dossier, is its officer in charge) or "sent" (sent its
    registration list or submitted its dossier); "" when none. Belonging to the unit is
    not a conflict: the agency's own QCDC officer appraises what it recognises."""
    if not getattr(user, "is_authenticated", False):
        return ""
    spot = dossier.bright_spot
    if _leads(user, spot):
        return "lead"
    if user.pk in (spot.created_by_id, spot.officer_id, dossier.created_by_id):
        return "wrote"
    actions = _audited_actions(user, dossier)
    if actions & {*SPOT_WRITING, *DOSSIER_WRITING}:
        return "wrote"
    if actions or _sent_the_list(user, spot):
        return "sent"
    return ""


def has_conflict_of_interest(user, dossier) -> bool:
    return bool(conflict_of_interest(user, dossier))


def dossiers_visible_to(user):
    """Dossiers in the user's reach for any role, those in the level of a Ban Dân vận
    board the user appraises on, and those granted to them."""
    granted = granted_pks(user, APPRAISE_PERMISSION, Dossier)
    where = reach_q(user, ALL_ROLES, unit_field="bright_spot__unit")
    board_level = board_seat_reach_q(user)
    if board_level is not None:
        where |= board_level
    if granted:
        where |= Q(pk__in=granted)
    return Dossier.objects.filter(where)

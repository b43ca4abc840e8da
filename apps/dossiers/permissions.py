"""Who may do what to a dossier. These rules answer "who"; the services add "when"
(state, recognition window) and the conflict of interest, with a message."""

from django.db.models import Q

from apps.accounts.enums import ALL_ROLES, GRANTORS, PROPOSERS, UNIT_STAFF, Role
from apps.accounts.permissions import (
    granted_pks,
    has_grant,
    has_role,
    memberships,
    reach_q,
    rule,
)
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import APPRAISE_PERMISSION, Dossier


def _unit(dossier):
    return dossier.bright_spot.unit


@rule("dossiers.view")
def can_view(user, dossier) -> bool:
    return has_role(user, ALL_ROLES, _unit(dossier)) or has_grant(
        user, APPRAISE_PERMISSION, dossier
    )


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
    """An appraiser over the unit (Ban Dân vận / QCDC officer) or one granted this
    dossier. A member of the dossier's own unit is refused later, with a message."""
    return has_role(user, Role.APPRAISER, _unit(dossier)) or has_grant(
        user, APPRAISE_PERMISSION, dossier
    )


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


def has_conflict_of_interest(user, dossier) -> bool:
    """A member of the dossier's own unit may not appraise it."""
    unit_id = dossier.bright_spot.unit_id
    return any(m.unit_id == unit_id for m in memberships(user))


def dossiers_visible_to(user):
    """Dossiers in the user's reach for any role, plus those granted to them."""
    granted = granted_pks(user, APPRAISE_PERMISSION, Dossier)
    where = reach_q(user, ALL_ROLES, unit_field="bright_spot__unit")
    if granted:
        where |= Q(pk__in=granted)
    return Dossier.objects.filter(where)

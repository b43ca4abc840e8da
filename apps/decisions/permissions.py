"""Who may do what with decisions, certificates and commendation proposals.

Reading follows reach (a role in a unit reaches its subtree). Acting for an
authority or a steering board does not: only a decision maker *of* the authority
signs its decisions, only a steering board member *of* a level (or of its board of the
kind) proposes its commendations ("điểm sáng ở cấp nào do ... cấp đó công nhận"), and
only a commune's or an agency's own leader or head records its yearly praise.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.accounts.enums import (
    ALL_ROLES,
    CERTIFICATE_PRINTERS,
    COMMENDATION_READERS,
    DECISION_READERS,
    LOCAL_COMMENDERS,
    Role,
)
from apps.accounts.permissions import has_role, reach_q, rule
from apps.decisions.enums import DecisionStatus, ProposalStatus
from apps.decisions.models import (
    CommendationProposal,
    Decision,
    DecisionItem,
    YearlyCommendation,
)
from apps.decisions.selectors import (
    decision_lists_unit_in_reach,
    holds_role_in,
    proposing_kinds,
)
from apps.reports.permissions import is_reporting_unit


@rule("decisions.create")
def can_create_decision(user, authority) -> bool:
    """``authority``: the Unit that would issue the decision."""
    return bool(
        authority is not None
        and authority.is_recognising_authority
        and authority.is_active
        and holds_role_in(user, Role.DECISION_MAKER, authority)
    )


@rule("decisions.view")
def can_view_decision(user, decision) -> bool:
    if has_role(user, DECISION_READERS, decision.authority):
        return True
    return decision.status != DecisionStatus.DRAFT and decision_lists_unit_in_reach(user, decision)


@rule("decisions.edit")
def can_edit_decision(user, decision) -> bool:
    return decision.status == DecisionStatus.DRAFT and holds_role_in(
        user, Role.DECISION_MAKER, decision.authority
    )


@rule("decisions.issue")
def can_issue_decision(user, decision) -> bool:
    return can_edit_decision(user, decision)


@rule("decisions.revoke")
def can_revoke_decision(user, decision) -> bool:
    return decision.status == DecisionStatus.ISSUED and holds_role_in(
        user, Role.DECISION_MAKER, decision.authority
    )


@rule("decisions.print")
def can_print_certificates(user, decision) -> bool:
    """Printing every certificate of a decision: its authority's office; never a decision
    imported from paper records (the portal did not issue it)."""
    return (
        not decision.imported
        and decision.status == DecisionStatus.ISSUED
        and has_role(user, CERTIFICATE_PRINTERS, decision.authority)
    )


@rule("decisions.view_certificate")
def can_view_certificate(user, certificate) -> bool:
    decision = certificate.decision
    if decision.status == DecisionStatus.DRAFT:
        return False
    return has_role(user, DECISION_READERS, decision.authority) or has_role(
        user, ALL_ROLES, certificate.bright_spot.unit
    )


@rule("decisions.propose_commendation")
def can_start_proposal(user, scope) -> bool:
    """``scope``: a ``ProposalScope`` (level unit, kind). The board the kind is routed to
    under the level, or the level's steering board role, selects ("Ban chỉ đạo thực hiện
    Quy chế dân chủ ở cơ sở và Ban chỉ đạo công tác dân vận của chính quyền các cấp lựa
    chọn các điểm sáng")."""
    return scope is not None and scope.kind in proposing_kinds(user, scope.unit)


@rule("decisions.view_proposal")
def can_view_proposal(user, proposal) -> bool:
    return has_role(user, COMMENDATION_READERS, proposal.unit)


@rule("decisions.edit_proposal")
def can_edit_proposal(user, proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT and proposal.kind in proposing_kinds(
        user, proposal.unit
    )


@rule("decisions.record_commendation")
def can_record_commendation(user, proposal) -> bool:
    return proposal.status == ProposalStatus.PROPOSED and proposal.kind in proposing_kinds(
        user, proposal.unit
    )


@rule("decisions.record_conference")
def can_record_conference(user, level) -> bool:
    """``level``: the unit whose commendation conference is recorded; whoever proposes
    its commendations (its steering board, or a board of a kind under it)."""
    return bool(proposing_kinds(user, level))


@rule("decisions.view_conference")
def can_view_conference(user, level) -> bool:
    """``level``: the unit whose conference record is read."""
    return level is not None and has_role(user, COMMENDATION_READERS, level)


@rule("decisions.plan_periods")
def can_plan_periods(user, province) -> bool:
    """Laying out a province's commendation periods: its administrator."""
    return province is not None and has_role(user, {Role.ADMIN}, province)


@rule("decisions.record_yearly_commendation")
def can_record_yearly_commendation(user, unit) -> bool:
    """``unit``: the commune or agency praising or rewarding its own bright spots of the
    year; its leader or its head ("địa phương cấp xã, các cơ quan, đơn vị chủ động biểu
    dương, khen thưởng"), not a level above it."""
    return bool(
        unit is not None
        and is_reporting_unit(unit)
        and any(holds_role_in(user, role, unit) for role in LOCAL_COMMENDERS)
    )


@rule("decisions.view_yearly_commendation")
def can_view_yearly_commendation(user, commendation) -> bool:
    return has_role(user, ALL_ROLES, commendation.unit)


@rule("decisions.cancel_yearly_commendation")
def can_cancel_yearly_commendation(user, commendation) -> bool:
    return commendation.cancelled_at is None and can_record_yearly_commendation(
        user, commendation.unit
    )


# --- what a user sees ---------------------------------------------------------------


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Decisions of authorities in the user's reach for a reading role, and issued or
    revoked decisions that list a bright spot of a unit in the user's reach."""
    listed = DecisionItem.objects.filter(decision=OuterRef("pk")).filter(
        reach_q(user, ALL_ROLES, unit_field="bright_spot__unit")
    )
    return Decision.objects.filter(
        reach_q(user, DECISION_READERS, unit_field="authority")
        | (~Q(status=DecisionStatus.DRAFT) & Exists(listed))
    )


def proposals_visible_to(user) -> QuerySet[CommendationProposal]:
    return CommendationProposal.objects.filter(reach_q(user, COMMENDATION_READERS))


def yearly_commendations_visible_to(user) -> QuerySet[YearlyCommendation]:
    """Yearly commendations of units in the user's reach (any role)."""
    return YearlyCommendation.objects.filter(reach_q(user, ALL_ROLES))

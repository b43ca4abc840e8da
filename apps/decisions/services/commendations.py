"""The five-yearly commendation: a steering board selects recognised bright spots of the
period in its jurisdiction, proposes them to the emulation and commendation council
(Hội đồng thi đua – khen thưởng) of its level, and records the decision that follows."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core.services import audit_record
from apps.decisions.enums import PROPOSAL_TRANSITIONS, ProposalStatus
from apps.decisions.models import (
    CommendationItem,
    CommendationPeriod,
    CommendationProposal,
)
from apps.decisions.selectors import commendation_candidates, councils_for
from apps.decisions.services.decisions import DecisionInvalid, require_allowed
from apps.notifications.services import notify


def proposal_create(*, period: CommendationPeriod, unit, kind: str, by) -> CommendationProposal:
    """Start the proposal of ``unit``'s steering board for one kind of bright spot."""
    require_allowed(by, "decisions.propose_commendation", unit)
    council = councils_for(unit).first()
    if council is None:
        raise DecisionInvalid(
            _("No emulation and commendation council is set up under %(unit)s.") % {"unit": unit}
        )
    duplicate = DecisionInvalid(_("This level already has a proposal for this period and kind."))
    if CommendationProposal.objects.filter(period=period, unit=unit, kind=kind).exists():
        raise duplicate
    try:
        with transaction.atomic():
            proposal = CommendationProposal.objects.create(
                period=period, unit=unit, kind=kind, council=council, created_by=by
            )
            audit_record(actor=by, target=proposal, action="create", to_state=proposal.status)
    except IntegrityError:  # a concurrent request created it first
        raise duplicate from None
    return proposal


def proposal_select(*, proposal: CommendationProposal, certificate_ids, by) -> int:
    """Set the selection to the bright spots of the given certificates (each must be a
    valid certificate of the period in the level's subtree). Returns how many."""
    with transaction.atomic():
        locked = _lock(proposal)
        require_allowed(by, "decisions.edit_proposal", locked)
        wanted = {int(pk) for pk in certificate_ids}
        kept = set(
            locked.items.filter(certificate_id__in=wanted).values_list("certificate_id", flat=True)
        )
        fresh = list(commendation_candidates(proposal=locked).filter(pk__in=wanted - kept))
        if len(fresh) + len(kept) != len(wanted):
            raise DecisionInvalid(_("Some chosen bright spots cannot be proposed in this period."))
        locked.items.exclude(certificate_id__in=wanted).delete()
        CommendationItem.objects.bulk_create(
            CommendationItem(proposal=locked, bright_spot_id=c.bright_spot_id, certificate=c)
            for c in fresh
        )
        audit_record(
            actor=by, target=locked, action="select", data={"certificates": sorted(wanted)}
        )
    return len(wanted)


def _lock(proposal: CommendationProposal) -> CommendationProposal:
    return (
        CommendationProposal.objects.select_for_update()
        .select_related("unit", "council", "period")
        .get(pk=proposal.pk)
    )


def _set_state(*, proposal, to: str, by, action: str, rule: str, fields: dict, comment=""):
    locked = _lock(proposal)
    if to not in PROPOSAL_TRANSITIONS[locked.status]:
        raise DecisionInvalid(
            _("This proposal is “%(status)s”; that step is not possible now.")
            % {"status": locked.get_status_display()}
        )
    require_allowed(by, rule, locked)
    from_state, locked.status = locked.status, to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields, "updated_at"])
    audit_record(
        actor=by, target=locked, action=action, from_state=from_state, to_state=to, comment=comment
    )
    proposal.status = locked.status
    return locked


def proposal_send(
    *, proposal: CommendationProposal, by, letter_number: str, letter_date: datetime.date
) -> CommendationProposal:
    """Send the selection to the council of the level, under the board's letter; the
    council's members are told."""
    if not proposal.items.exists():
        raise DecisionInvalid(_("Select at least one bright spot to propose."))
    if letter_date > timezone.localdate():
        raise DecisionInvalid(_("The letter's date is in the future."))
    with transaction.atomic():
        locked = _set_state(
            proposal=proposal,
            to=ProposalStatus.PROPOSED,
            by=by,
            action="propose",
            rule="decisions.edit_proposal",
            fields={
                "letter_number": letter_number.strip(),
                "letter_date": letter_date,
                "proposed_at": timezone.now(),
                "proposed_by": by,
            },
            comment=letter_number,
        )
        members = Membership.objects.filter(unit=locked.council, user__is_active=True)
        notify(
            users=list({m.user_id: m.user for m in members.select_related("user")}.values()),
            template="decision_commendation_proposed",
            context={"proposal": locked, "count": locked.items.count()},
            url=locked.get_absolute_url(),
            dedupe_key=f"commendation-proposed:{locked.pk}",
        )
    return locked


def proposal_record_decision(
    *,
    proposal: CommendationProposal,
    by,
    number: str,
    date: datetime.date,
    signer: str,
    signer_title: str,
    commended_ids,
) -> CommendationProposal:
    """Record the commendation decision: its number, date and signer, and which of the
    proposed bright spots (item ids) it commends."""
    if date > timezone.localdate():
        raise DecisionInvalid(_("The decision's date is in the future."))
    with transaction.atomic():
        locked = _set_state(
            proposal=proposal,
            to=ProposalStatus.DECIDED,
            by=by,
            action="record_decision",
            rule="decisions.record_commendation",
            fields={
                "decision_number": number.strip(),
                "decision_date": date,
                "decision_signer": signer.strip(),
                "decision_signer_title": signer_title.strip(),
                "decided_at": timezone.now(),
                "decided_by": by,
            },
            comment=number,
        )
        commended = {int(pk) for pk in commended_ids}
        locked.items.update(is_commended=False)
        locked.items.filter(pk__in=commended).update(is_commended=True)
    return locked

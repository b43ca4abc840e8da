"""The five-yearly commendation: a steering board selects recognised bright spots of the
period in its jurisdiction, proposes them to the emulation and commendation council
(Hội đồng thi đua – khen thưởng) of its level, and records the decision that follows.
Proposing and recording are the steps of ``PROPOSAL_WORKFLOW`` (declared in
``apps/decisions/workflow.py``), taken through ``apps.core.workflow``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.services import audit_record
from apps.core.workflow import Refused, transition
from apps.cycles.selectors import local_today
from apps.decisions.models import CommendationItem, CommendationPeriod, CommendationProposal
from apps.decisions.selectors import commendation_candidates, councils_for
from apps.decisions.services.decisions import require_allowed
from apps.decisions.workflow import PROPOSAL_WORKFLOW
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable


def proposal_create(
    *,
    period: CommendationPeriod,
    unit: Unit,
    kind: str,
    by: User,
    now: datetime.datetime | None = None,
) -> CommendationProposal:
    """Start the proposal of ``unit``'s steering board for one kind of bright spot, to
    the council of its level. Effects: the draft; audit "create"."""
    require_allowed(by, "decisions.propose_commendation", unit)
    council = councils_for(unit).first()
    if council is None:
        raise Refused(
            _("No emulation and commendation council is set up under %(unit)s.") % {"unit": unit}
        )
    duplicate = Refused(_("This level already has a proposal for this period and kind."))
    if CommendationProposal.objects.filter(period=period, unit=unit, kind=kind).exists():
        raise duplicate
    try:
        with transaction.atomic():
            proposal = CommendationProposal.objects.create(
                period=period, unit=unit, kind=kind, council=council, created_by=by
            )
            audit_record(
                actor=by, target=proposal, action="create", to_state=proposal.status, at=now
            )
    except IntegrityError:  # a concurrent request created it first
        raise duplicate from None
    return proposal


def proposal_select(
    *,
    proposal: CommendationProposal,
    certificate_ids: Iterable[int],
    by: User,
    now: datetime.datetime | None = None,
) -> int:
    """Set the selection to the bright spots of the given certificates (each must be a
    valid certificate of the period in the level's subtree). Returns how many.
    Effects: the CommendationItem rows replaced; audit "select"."""
    with transaction.atomic():
        locked = PROPOSAL_WORKFLOW.locked(proposal)
        require_allowed(by, "decisions.edit_proposal", locked)
        wanted = {int(pk) for pk in certificate_ids}
        kept = set(
            locked.items.filter(certificate_id__in=wanted).values_list("certificate_id", flat=True)
        )
        fresh = list(commendation_candidates(proposal=locked).filter(pk__in=wanted - kept))
        if len(fresh) + len(kept) != len(wanted):
            raise Refused(_("Some chosen bright spots cannot be proposed in this period."))
        locked.items.exclude(certificate_id__in=wanted).delete()
        CommendationItem.objects.bulk_create(
            CommendationItem(proposal=locked, bright_spot_id=c.bright_spot_id, certificate=c)
            for c in fresh
        )
        audit_record(
            actor=by, target=locked, action="select", data={"certificates": sorted(wanted)}, at=now
        )
    return len(wanted)


def proposal_send(
    *,
    proposal: CommendationProposal,
    by: User,
    letter_number: str,
    letter_date: datetime.date,
    now: datetime.datetime | None = None,
) -> CommendationProposal:
    """Send the selection to the council of the level, under the board's letter.

    Refused with an empty selection or a letter dated in the future. Effects: the
    letter's number and date; audit "propose" (the letter number as comment); the
    council's members are told.
    """
    if letter_date > local_today(now):
        raise Refused(_("The letter's date is in the future."))
    fields = {"letter_number": letter_number.strip(), "letter_date": letter_date}
    return transition(
        PROPOSAL_WORKFLOW,
        proposal,
        verb="propose",
        by=by,
        now=now,
        comment=letter_number,
        effect=lambda locked, by, now: {**fields, "proposed_at": now, "proposed_by": by},
    )


def proposal_record_decision(
    *,
    proposal: CommendationProposal,
    by: User,
    number: str,
    date: datetime.date,
    signer: str,
    signer_title: str,
    commended_ids: Iterable[int],
    now: datetime.datetime | None = None,
) -> CommendationProposal:
    """Record the commendation decision: its number, date and signer, and which of the
    proposed bright spots (item ids) it commends.

    Refused for a decision dated in the future. Effects: the decision's fields; each
    item marked commended or not; audit "record_decision" (the number as comment).
    """
    if date > local_today(now):
        raise Refused(_("The decision's date is in the future."))
    commended = {int(pk) for pk in commended_ids}
    fields = {
        "decision_number": number.strip(),
        "decision_date": date,
        "decision_signer": signer.strip(),
        "decision_signer_title": signer_title.strip(),
    }

    def effect(locked: CommendationProposal, by: User, now: datetime.datetime) -> dict:
        locked.items.update(is_commended=False)
        locked.items.filter(pk__in=commended).update(is_commended=True)
        return {**fields, "decided_at": now, "decided_by": by}

    return transition(
        PROPOSAL_WORKFLOW,
        proposal,
        verb="record_decision",
        by=by,
        now=now,
        comment=number,
        effect=effect,
    )

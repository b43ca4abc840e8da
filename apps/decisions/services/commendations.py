"""Commendation of bright spots.

The five-yearly one: the steering board of a kind selects recognised bright spots of the
period in its jurisdiction, proposes them to the emulation and commendation council
(Hội đồng Thi đua – Khen thưởng) of its level, and records the decision that follows.
Proposing and recording are the steps of ``PROPOSAL_WORKFLOW`` (declared in
``apps/decisions/workflow.py``), taken through ``apps.core.workflow``.

The yearly one: a commune or an agency records that it praised (biểu dương) or rewarded
(khen thưởng) its effective bright spots of the year, or cancels a wrong record. A record
has no steps, so these are plain services."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, transition
from apps.cycles.process import province_process
from apps.cycles.selectors import local_today
from apps.decisions.models import (
    CommendationItem,
    CommendationPeriod,
    CommendationProposal,
    YearlyCommendation,
    YearlyCommendationForm,
)
from apps.decisions.selectors import (
    ProposalScope,
    commendation_candidates,
    councils_for,
    holds_conference,
    steering_function,
    yearly_commendable_spots,
)
from apps.decisions.services.decisions import require_allowed
from apps.decisions.workflow import PROPOSAL_WORKFLOW
from apps.units.enums import BoardFunction
from apps.units.models import Unit

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable

    from apps.brightspots.models import BrightSpot
    from apps.cycles.models import Cycle


def proposal_create(
    *,
    period: CommendationPeriod,
    unit: Unit,
    kind: str,
    by: User,
    now: datetime.datetime | None = None,
) -> CommendationProposal:
    """Start the proposal of ``unit``'s level for one kind of bright spot, to the council
    of its level: by the board the kind is routed to under the level (in Nghệ An the BCĐ
    QCDC, BCĐ DVCQ, Ban Dân vận) or the level's steering board role. Refused for a kind
    the province's process lacks and at a level holding no commendation conference for
    the period. Effects: the draft; audit "create"."""
    process = province_process(unit)
    if kind not in process.routes:
        raise Refused(_("The province's process has no such kind of bright spot."))
    if not can(by, "decisions.propose_commendation", ProposalScope(unit, kind)):
        raise NotPermitted(
            _(
                "Only the %(board)s of %(unit)s, or its steering board, proposes bright "
                "spots of this kind."
            )
            % {"board": BoardFunction(steering_function(kind, process=process)).label, "unit": unit}
        )
    if not holds_conference(unit, period, process=process):
        raise Refused(
            _("%(unit)s holds no commendation conference for the period %(period)s.")
            % {"unit": unit, "period": period}
        )
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


# --- yearly commendation -----------------------------------------------------------------


def yearly_commendation_record(
    *,
    unit: Unit,
    cycle: Cycle,
    commendation_form: str,
    document_number: str,
    document_date: datetime.date,
    signer: str,
    signer_title: str,
    bright_spots: Iterable[BrightSpot],
    note: str = "",
    token: uuid.UUID | None = None,
    by: User,
    now: datetime.datetime | None = None,
) -> YearlyCommendation:
    """Record that ``unit`` praised or rewarded (``commendation_form``) its bright spots
    of ``cycle`` under one document. ``token`` identifies the form shown: a second submission of it
    (a double click) returns the record the first made.

    Refused (by field) when a spot is not of the unit's subtree and year, sent in the
    list and not withdrawn; when the document is dated in the future or before the year;
    when the unit already recorded that document number for the year. Effects: the
    record and its bright spots; audit "record" (the document number as comment).
    """
    require_allowed(by, "decisions.record_yearly_commendation", unit)
    if token is not None and (done := _recorded_with(token, unit=unit, by=by)):
        return done
    spots = _check_yearly(
        unit=unit,
        cycle=cycle,
        commendation_form=commendation_form,
        document_number=document_number.strip(),
        document_date=document_date,
        bright_spots=bright_spots,
        now=now,
    )
    now = now or timezone.now()
    values = {
        "unit": unit,
        "cycle": cycle,
        "commendation_form": commendation_form,
        "document_number": document_number.strip(),
        "document_date": document_date,
        "signer": signer.strip(),
        "signer_title": signer_title.strip(),
        "note": note.strip(),
        "created_by": by,
        "created_at": now,
    }
    if token is not None:
        values["token"] = token
    try:
        with transaction.atomic():
            record = YearlyCommendation.objects.create(**values)
            record.bright_spots.set(spots)
            audit_record(
                actor=by,
                target=record,
                action="record",
                comment=record.document_number,
                data={"form": commendation_form, "bright_spots": sorted(s.pk for s in spots)},
                at=now,
            )
    except IntegrityError:  # the same form, or the same document, saved a moment ago
        if token is not None and (done := _recorded_with(token, unit=unit, by=by)):
            return done
        raise _document_taken(values["document_number"], cycle) from None
    return record


def _recorded_with(token: uuid.UUID, *, unit: Unit, by: User) -> YearlyCommendation | None:
    return YearlyCommendation.objects.filter(token=token, unit=unit, created_by=by).first()


def _document_taken(number: str, cycle: Cycle) -> Refused:
    return Refused(
        {
            "document_number": _("This unit already recorded document %(number)s for %(year)s.")
            % {"number": number, "year": cycle.year}
        }
    )


def _check_yearly(
    *,
    unit: Unit,
    cycle: Cycle,
    commendation_form: str,
    document_number: str,
    document_date: datetime.date,
    bright_spots: Iterable[BrightSpot],
    now: datetime.datetime | None,
) -> list[BrightSpot]:
    """The chosen spots, once every rule of a yearly commendation holds; else Refused
    with each message beside its field."""
    errors: dict[str, str] = {}
    if commendation_form not in YearlyCommendationForm.values:
        errors["commendation_form"] = _("Choose praise or reward.")
    if not unit.path.startswith(cycle.province.path):
        errors["__all__"] = _("%(cycle)s is not a year of this unit's province.") % {"cycle": cycle}
    if document_date > local_today(now):
        errors["document_date"] = _("The document's date is in the future.")
    elif document_date.year < cycle.year:
        errors["document_date"] = _("A commendation of %(year)s is dated in %(year)s or later.") % {
            "year": cycle.year
        }
    spots = list(bright_spots)
    eligible = set(
        yearly_commendable_spots(unit=unit, cycle=cycle)
        .filter(pk__in=[s.pk for s in spots])
        .values_list("pk", flat=True)
    )
    if not spots:
        errors["bright_spots"] = _("Choose at least one bright spot.")
    elif wrong := [s for s in spots if s.pk not in eligible]:
        errors["bright_spots"] = _(
            "“%(spot)s” is not a bright spot of %(unit)s in %(year)s that was sent in the "
            "registration list and not withdrawn."
        ) % {"spot": wrong[0].name, "unit": unit, "year": cycle.year}
    if YearlyCommendation.objects.filter(
        unit=unit, cycle=cycle, document_number=document_number, cancelled_at__isnull=True
    ).exists():
        errors["document_number"] = _document_taken(document_number, cycle).messages[0]
    if errors:
        raise Refused(errors)
    return spots


def yearly_commendation_cancel(
    *,
    commendation: YearlyCommendation,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> YearlyCommendation:
    """Cancel a wrong yearly commendation record, saying why; it stays listed as
    cancelled and no longer counts. Refused without a reason or when already
    cancelled. Effects: the cancellation's time, author and reason; audit "cancel"
    (the reason as comment). Returns the fresh row."""
    reason = reason.strip()
    if not reason:
        raise Refused({"reason": _("Say why this record is cancelled.")})
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            YearlyCommendation.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=commendation.pk)
        )
        if locked.cancelled_at is not None:
            raise Refused(_("This record was already cancelled."))
        require_allowed(by, "decisions.cancel_yearly_commendation", locked)
        locked.cancelled_at, locked.cancelled_by, locked.cancel_reason = now, by, reason
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit_record(actor=by, target=locked, action="cancel", comment=reason, at=now)
    return locked

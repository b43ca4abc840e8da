"""Commendation of bright spots.

The five-yearly one: the steering board of a kind selects recognised bright spots of the
period in its jurisdiction, proposes them to the emulation and commendation council
(Hội đồng Thi đua – Khen thưởng) of its level, and records the decision that follows.
Proposing and recording are the steps of ``PROPOSAL_WORKFLOW`` (declared in
``apps/decisions/workflow.py``), taken through ``apps.core.workflow``.

Besides bright spots, both commend collectives (units) and individuals (a person with
their unit and position, ``Honoree``): added to a proposal while it is a draft and marked
commended or not when its decision is recorded; named in a yearly record.

The periods are a province's (``commendation_periods_plan``: a first year and a length),
else the default ones; each level records its conference of a period
(``conference_save``) until the level's decision for the period is recorded.

The yearly one: a commune or an agency records that it praised (biểu dương) or rewarded
(khen thưởng) its effective bright spots of the year, or cancels a wrong record. A record
has no steps, so these are plain services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
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
from apps.decisions.enums import ProposalStatus
from apps.decisions.models import (
    AwardForm,
    CommendationConference,
    CommendationItem,
    CommendationPeriod,
    CommendationProposal,
    Honoree,
    HonoreeKind,
    YearlyCommendation,
    YearlyCommendationForm,
    name_key,
)
from apps.decisions.selectors import (
    ProposalScope,
    commendation_candidates,
    councils_for,
    holds_conference,
    period_refusal,
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
    the province's process lacks, for a period that is not one of the province's
    (``selectors.periods_for``) and at a level holding no commendation conference for
    the period. Effects: the draft; audit "create"."""
    process = province_process(unit)
    if refusal := period_refusal(period, unit):
        raise Refused(refusal)
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
    commended_honoree_ids: Iterable[int] = (),
    award: str = "",
    now: datetime.datetime | None = None,
) -> CommendationProposal:
    """Record the commendation decision of the authority: its number, date, signer and
    form of award (giấy khen, bằng khen …), which of the proposed bright spots (item
    ids) and which of the proposed collectives and individuals (honoree ids) it commends.

    Refused for a decision dated in the future or an unknown form of award. Effects: the
    decision's fields; each item and each honoree marked commended or not; audit
    "record_decision" (the number as comment).
    """
    if date > local_today(now):
        raise Refused(_("The decision's date is in the future."))
    if award and award not in AwardForm.values:
        raise Refused({"award": _("Choose the form of award.")})
    commended = {int(pk) for pk in commended_ids}
    honoured = {int(pk) for pk in commended_honoree_ids}
    fields = {
        "decision_number": number.strip(),
        "decision_date": date,
        "decision_signer": signer.strip(),
        "decision_signer_title": signer_title.strip(),
        "decision_award": award,
    }

    def effect(locked: CommendationProposal, by: User, now: datetime.datetime) -> dict:
        locked.items.update(is_commended=False)
        locked.items.filter(pk__in=commended).update(is_commended=True)
        locked.honorees.update(is_commended=False)
        locked.honorees.filter(pk__in=honoured).update(is_commended=True)
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


# --- collectives and individuals ----------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """An individual to commend, as typed: not necessarily a user of the portal."""

    full_name: str
    unit: Unit | None
    position: str
    achievement: str = ""


def proposal_add_collective(
    *,
    proposal: CommendationProposal,
    unit: Unit,
    achievement: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> Honoree:
    """Add the collective ``unit`` to a draft proposal. Refused for a unit outside the
    level's subtree or already proposed. Effects: the honoree; audit "add_collective"
    on the proposal (the unit as comment)."""
    return _proposal_add(
        proposal=proposal,
        honoree=Honoree(kind=HonoreeKind.COLLECTIVE, unit=unit, achievement=achievement.strip()),
        by=by,
        now=now,
    )


def proposal_add_individual(
    *,
    proposal: CommendationProposal,
    full_name: str,
    unit: Unit | None,
    position: str,
    achievement: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> Honoree:
    """Add an individual (full name, unit, position or title) to a draft proposal.
    Refused without a name, a unit or a position, for a unit outside the level's subtree,
    and for the same name in the same unit twice. Effects: the honoree; audit
    "add_individual" on the proposal (the name as comment)."""
    person = Person(full_name, unit, position, achievement)
    return _proposal_add(proposal=proposal, honoree=_individual(person), by=by, now=now)


def _individual(person: Person) -> Honoree:
    full_name = " ".join(person.full_name.split())
    return Honoree(
        kind=HonoreeKind.INDIVIDUAL,
        unit=person.unit,
        full_name=full_name,
        name_key=name_key(full_name),
        position=" ".join(person.position.split()),
        achievement=person.achievement.strip(),
    )


def _proposal_add(
    *, proposal: CommendationProposal, honoree: Honoree, by: User, now: datetime.datetime | None
) -> Honoree:
    now = now or timezone.now()
    with transaction.atomic():
        locked = PROPOSAL_WORKFLOW.locked(proposal)
        require_allowed(by, "decisions.edit_proposal", locked)
        _check_honorees([honoree], level=locked.unit, existing=locked.honorees.all())
        honoree.proposal, honoree.created_at = locked, now
        try:
            with transaction.atomic():
                honoree.save()
        except IntegrityError:  # the same person or unit added a moment ago
            raise Refused(_duplicate_message(honoree)) from None
        audit_record(
            actor=by,
            target=locked,
            action=f"add_{honoree.kind}",
            comment=honoree.label,
            data={"honoree": honoree.pk, "unit": honoree.unit_id},
            at=now,
        )
    return honoree


def proposal_remove_honoree(
    *, honoree: Honoree, by: User, now: datetime.datetime | None = None
) -> CommendationProposal:
    """Take a collective or an individual off a draft proposal. Effects: the honoree
    deleted; audit "remove_honoree" on the proposal (the label as comment)."""
    with transaction.atomic():
        locked = PROPOSAL_WORKFLOW.locked(honoree.proposal)
        require_allowed(by, "decisions.edit_proposal", locked)
        label = honoree.label
        deleted, _rows = locked.honorees.filter(pk=honoree.pk).delete()
        if deleted:
            audit_record(
                actor=by,
                target=locked,
                action="remove_honoree",
                comment=label,
                data={"honoree": honoree.pk},
                at=now,
            )
    return locked


def _check_honorees(honorees: list[Honoree], *, level: Unit, existing) -> None:
    if refusal := honoree_refusal(honorees, level=level, existing=existing):
        field, message = refusal
        raise Refused({field: message} if field else message)


def honoree_refusal(
    honorees: list[Honoree], *, level: Unit, existing: Iterable[Honoree] = ()
) -> tuple[str, str] | None:
    """The field and the Vietnamese sentence naming the first wrong one of ``honorees``:
    an individual without a name, a unit or a position, a unit outside ``level``'s
    subtree, one listed twice (among ``honorees`` or in ``existing``); None when all
    are right. The field is "" for a duplicate."""
    seen = {(h.kind, h.unit_id, h.name_key) for h in existing}
    for honoree in honorees:
        name = {"name": honoree.full_name}
        if honoree.is_individual and not honoree.full_name:
            return "full_name", _("Give the individual's full name.")
        if honoree.unit_id is None:
            return "unit", _("Choose the unit of %(name)s.") % name
        if honoree.is_individual and not honoree.position:
            return "position", _("Give the position or title of %(name)s.") % name
        if not honoree.unit.path.startswith(level.path):
            return "unit", _("%(unit)s is not within %(level)s; it cannot be commended here.") % {
                "unit": honoree.unit,
                "level": level,
            }
        key = (honoree.kind, honoree.unit_id, honoree.name_key)
        if key in seen:
            return "", _duplicate_message(honoree)
        seen.add(key)
    return None


def _duplicate_message(honoree: Honoree) -> str:
    if honoree.is_individual:
        return _("%(name)s of %(unit)s is already listed.") % {
            "name": honoree.full_name,
            "unit": honoree.unit,
        }
    return _("The collective %(unit)s is already listed.") % {"unit": honoree.unit}


# --- periods and conferences -------------------------------------------------------------


def commendation_periods_plan(
    *,
    province: Unit,
    first_year: int,
    length: int,
    count: int = 1,
    by: User,
    now: datetime.datetime | None = None,
) -> list[CommendationPeriod]:
    """Lay out ``count`` consecutive commendation periods of ``province`` of ``length``
    years from ``first_year``, each with its conference in its last year (Nghệ An's
    default: 2021–2025; a 3-year review: 2023–2025). Periods already laid out the same
    are kept, so running it twice changes nothing. Refused for a length or count below
    one, a unit that is not a province, and a period overlapping one of the province's
    that differs. Effects: the new periods; audit "create" on each."""
    require_allowed(by, "decisions.plan_periods", province)
    if length < 1 or count < 1:
        raise Refused(_("A period lasts at least one year."))
    if province.depth != 1:
        raise Refused(_("Periods are laid out for a province."))
    wanted = [(first_year + i * length, first_year + (i + 1) * length - 1) for i in range(count)]
    periods = []
    with transaction.atomic():
        own = list(CommendationPeriod.objects.select_for_update().filter(province=province))
        for start, end in wanted:
            same = next((p for p in own if (p.start_year, p.end_year) == (start, end)), None)
            if same is not None:
                periods.append(same)
                continue
            if clash := next((p for p in own if p.start_year <= end and start <= p.end_year), None):
                raise Refused(
                    _("The period %(start)s–%(end)s overlaps the province's period %(other)s.")
                    % {"start": start, "end": end, "other": clash}
                )
            period = CommendationPeriod.objects.create(
                province=province, start_year=start, end_year=end, conference_year=end
            )
            audit_record(actor=by, target=period, action="create", at=now)
            periods.append(period)
    return periods


def conference_save(
    *,
    unit: Unit,
    period: CommendationPeriod,
    held_on: datetime.date,
    place: str,
    delegates: int,
    document_number: str,
    note: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> CommendationConference:
    """Record, or correct, the commendation conference (hội nghị biểu dương) of
    ``unit``'s level for ``period``: one per level and period. Refused for a period not of
    the province, a level holding no conference for it, a date in the future or before
    the period, no delegate, and once a commendation decision of the level and period is
    recorded. Effects: the record created or changed; audit "create" or "change" with
    the changed fields."""
    require_allowed(by, "decisions.record_conference", unit)
    if refusal := period_refusal(period, unit):
        raise Refused(refusal)
    if not holds_conference(unit, period, process=province_process(unit)):
        raise Refused(
            _("%(unit)s holds no commendation conference for the period %(period)s.")
            % {"unit": unit, "period": period}
        )
    errors = {}
    if held_on > local_today(now):
        errors["held_on"] = _("The conference's date is in the future.")
    elif held_on.year < period.start_year:
        errors["held_on"] = _("The conference of %(period)s is held in %(year)s or later.") % {
            "period": period,
            "year": period.start_year,
        }
    if delegates < 1:
        errors["delegates"] = _("Give the number of delegates.")
    if errors:
        raise Refused(errors)
    values = {
        "held_on": held_on,
        "place": place.strip(),
        "delegates": delegates,
        "document_number": document_number.strip(),
        "note": note.strip(),
    }
    now = now or timezone.now()
    with transaction.atomic():
        # The level's proposals locked: a decision is not recorded while this saves.
        statuses = set(
            CommendationProposal.objects.select_for_update()
            .filter(unit=unit, period=period)
            .values_list("status", flat=True)
        )
        if ProposalStatus.DECIDED in statuses:
            raise Refused(
                _(
                    "The commendation decision of this level for %(period)s is recorded; its "
                    "conference record can no longer be changed."
                )
                % {"period": period}
            )
        conference, created = CommendationConference.objects.get_or_create(
            unit=unit, period=period, defaults={**values, "created_by": by, "created_at": now}
        )
        changed = {k: v for k, v in values.items() if getattr(conference, k) != v}
        if created or changed:
            for name, value in changed.items():
                setattr(conference, name, value)
            conference.updated_at = now
            conference.save()
            audit_record(
                actor=by,
                target=conference,
                action="create" if created else "change",
                comment=conference.document_number,
                data={"fields": sorted(values if created else changed)},
                at=now,
            )
    return conference


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
    collectives: Iterable[Unit] = (),
    individuals: Iterable[Person] = (),
    note: str = "",
    token: uuid.UUID | None = None,
    by: User,
    now: datetime.datetime | None = None,
) -> YearlyCommendation:
    """Record that ``unit`` praised or rewarded (``commendation_form``) its bright spots
    of ``cycle``, collectives (units of its subtree) and individuals (``Person``: name,
    unit of its subtree, position) under one document. ``token`` identifies the form
    shown: a second submission of it (a double click) returns the record the first made.

    Refused (by field) when nothing is chosen; when a spot is not of the unit's subtree
    and year, sent in the list and not withdrawn; when a collective or an individual's
    unit is outside the subtree, an individual lacks a name or a position, or one is
    listed twice; when the document is dated in the future or before the year; when the
    unit already recorded that document number for the year. Effects: the record, its
    bright spots, collectives and individuals; audit "record" (the document number as
    comment).
    """
    require_allowed(by, "decisions.record_yearly_commendation", unit)
    if token is not None and (done := _recorded_with(token, unit=unit, by=by)):
        return done
    honorees = [
        *(Honoree(kind=HonoreeKind.COLLECTIVE, unit=c) for c in collectives),
        *(_individual(person) for person in individuals),
    ]
    spots = _check_yearly(
        unit=unit,
        cycle=cycle,
        commendation_form=commendation_form,
        document_number=document_number.strip(),
        document_date=document_date,
        bright_spots=bright_spots,
        honorees=honorees,
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
            for honoree in honorees:
                honoree.yearly, honoree.is_commended, honoree.created_at = record, True, now
            Honoree.objects.bulk_create(honorees)
            audit_record(
                actor=by,
                target=record,
                action="record",
                comment=record.document_number,
                data={
                    "form": commendation_form,
                    "bright_spots": sorted(s.pk for s in spots),
                    "honorees": [h.label for h in honorees],
                },
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
    honorees: list[Honoree],
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
    if not spots and not honorees:
        errors["bright_spots"] = _("Choose at least one bright spot, collective or individual.")
    elif wrong := [s for s in spots if s.pk not in eligible]:
        errors["bright_spots"] = _(
            "“%(spot)s” is not a bright spot of %(unit)s in %(year)s that was sent in the "
            "registration list and not withdrawn."
        ) % {"spot": wrong[0].name, "unit": unit, "year": cycle.year}
    if YearlyCommendation.objects.filter(
        unit=unit, cycle=cycle, document_number=document_number, cancelled_at__isnull=True
    ).exists():
        errors["document_number"] = _document_taken(document_number, cycle).messages[0]
    for field, individual in (("collectives", False), ("individuals", True)):
        rows = [h for h in honorees if h.is_individual == individual]
        if refusal := honoree_refusal(rows, level=unit):
            errors[field] = refusal[1]
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

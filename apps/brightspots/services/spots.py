"""Drafting, editing and every state change of one bright spot (``SPOT_WORKFLOW``).

The recognition-phase verbs (enter_recognition, recognise, not_recognise) are called by
the dossier and decision services inside their own transactions; they check the
transition, not the actor, because the calling service has already checked who may act
on the dossier or decision.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.brightspots.models import BrightSpot, PlanActivity, RegistrationList
from apps.brightspots.services.publishing import OFF_THE_SHOWCASE
from apps.brightspots.workflow import (
    SPOT_WORKFLOW,
    edit_refusal,
    list_locked_message,
    registration_deadline_refusal,
)
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, require_text, transition
from apps.cycles.models import Cycle
from apps.cycles.process import process_of
from apps.cycles.selectors import DeadlineClosed, process_rules
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.criteria.models import CriteriaSet


# What a unit may set on a draft; status and ownership only change through verbs.
EDITABLE_FIELDS = (
    "kind",
    "name",
    "address",
    "field_of_work",
    "problem",
    "goals",
    "expected_results",
    "officer",
    "criteria_set",
)


def _require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise NotPermitted(_("You may not take this step for this unit."))


# ---------------------------------------------------------------- plan rules


def check_criteria_set_covers(*, criteria_set: CriteriaSet, kind: str) -> None:
    """A bright spot is judged by a set that covers its kind."""
    if criteria_set is not None and kind not in criteria_set.kinds:
        raise ValidationError(
            _("This criteria set does not cover the chosen kind of bright spot."),
            code="criteria_kind",
        )


Period = tuple[datetime.date, datetime.date]


def plan_period(cycle: Cycle) -> Period | None:
    """The first and last day a plan's activities must fall within: the year's period
    (the calendar year, or the twelve months the process sets), or None where the
    province switched ``ProcessRules.plan_within_year`` off (addition A11)."""
    return cycle.period() if process_rules(cycle=cycle).plan_within_year else None


def _outside_message(period: Period) -> str:
    first, last = period
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return _("The date must fall within %(year)s.") % {"year": first.year}
    return _("The date must fall within the year's period, %(first)s–%(last)s.") % {
        "first": f"{first:%d/%m/%Y}",
        "last": f"{last:%d/%m/%Y}",
    }


def activity_date_errors(
    *, period: Period | None, start: datetime.date, end: datetime.date
) -> dict[str, str]:
    """Field → message for an activity whose dates leave ``period`` (None: any date, see
    ``plan_period``) or run backwards (empty when the dates are fine)."""
    errors = {}
    if period is not None:
        outside = _outside_message(period)
        errors = {
            name: outside
            for name, day in (("start_date", start), ("end_date", end))
            if day and not period[0] <= day <= period[1]
        }
    if start and end and end < start and "end_date" not in errors:
        errors["end_date"] = _("An activity cannot end before it starts.")
    return errors


def check_kind(*, cycle: Cycle, unit: Unit, kind: str) -> None:
    """The kind is one of the year's process that ``unit``'s kind of unit registers."""
    if kind not in dict(process_of(cycle=cycle).choices(unit.kind)):
        raise ValidationError(
            {"kind": _("Units of this kind do not register this kind of bright spot this year.")},
            code="kind",
        )


def check_plan(*, cycle: Cycle, unit: Unit, fields: dict, activities: list[dict]) -> None:
    """A kind the unit registers this year, name, address, at least one dated activity
    (in the year's period, unless the province lets plans run past it), a fitting
    criteria set."""
    if "kind" in fields:
        check_kind(cycle=cycle, unit=unit, kind=fields["kind"])
    errors = {
        name: _("The guidance requires a name and a concrete address.")
        for name in ("name", "address")
        if not str(fields.get(name) or "").strip()
    }
    try:
        check_criteria_set_covers(criteria_set=fields.get("criteria_set"), kind=fields["kind"])
    except ValidationError as exc:
        errors["criteria_set"] = exc.messages
    if not activities:
        errors["__all__"] = _("The plan needs at least one activity with its dates.")
    period = plan_period(cycle)
    for activity in activities:
        wrong = activity_date_errors(
            period=period, start=activity["start_date"], end=activity["end_date"]
        )
        if wrong:
            errors["__all__"] = next(iter(wrong.values()))
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- bright spots


def _lock_editable_list(*, unit, cycle, now: datetime.datetime) -> RegistrationList:
    """The unit's list for the year, locked; refused once sent, or when registration has
    closed for a list never sent."""
    created, _created = RegistrationList.objects.get_or_create(unit=unit, cycle=cycle)
    locked = (
        RegistrationList.objects.select_for_update()
        .select_related("unit", "cycle")
        .get(pk=created.pk)
    )
    if not locked.is_editable:
        raise Refused(list_locked_message(cycle.year))
    refusal = registration_deadline_refusal(locked, now)
    if refusal:
        raise DeadlineClosed(refusal, code="deadline_closed")
    return locked


def _save_activities(spot: BrightSpot, activities: list[dict]) -> None:
    spot.activities.all().delete()
    PlanActivity.objects.bulk_create(
        PlanActivity(
            bright_spot=spot,
            description=a["description"],
            start_date=a["start_date"],
            end_date=a["end_date"],
            order=number,
        )
        for number, a in enumerate(activities)
    )


def bright_spot_create(
    *,
    unit: Unit,
    cycle: Cycle,
    by: User,
    fields: dict,
    activities: list[dict],
    now: datetime.datetime | None = None,
) -> BrightSpot:
    """Draft a bright spot in the unit's registration list for ``cycle``.

    Refused unless ``by`` is an officer of the unit, the list is still a draft, and
    (for a list never sent) the registration deadline has not passed. Effects: the
    list is created when missing; the plan's activities are saved; audit "create".
    """
    _require(by, "brightspots.create", unit)
    fields = {name: fields.get(name) for name in EDITABLE_FIELDS if name in fields}
    check_plan(cycle=cycle, unit=unit, fields=fields, activities=activities)
    with transaction.atomic():
        registration_list = _lock_editable_list(unit=unit, cycle=cycle, now=now or timezone.now())
        spot = BrightSpot.objects.create(
            unit=unit, cycle=cycle, registration_list=registration_list, created_by=by, **fields
        )
        _save_activities(spot, activities)
        audit_record(actor=by, target=spot, action="create", to_state=spot.status, at=now)
    return spot


def bright_spot_update(
    *,
    bright_spot: BrightSpot,
    by: User,
    fields: dict,
    activities: list[dict],
    now: datetime.datetime | None = None,
) -> BrightSpot:
    """Change a draft bright spot and replace its plan's activities.

    Refused unless ``by`` is an officer of the unit and both the spot and its list are
    drafts. Effects: audit "edit".
    """
    _require(by, "brightspots.edit", bright_spot)
    fields = {name: fields.get(name) for name in EDITABLE_FIELDS if name in fields}
    check_plan(cycle=bright_spot.cycle, unit=bright_spot.unit, fields=fields, activities=activities)
    with transaction.atomic():
        _lock_editable_list(
            unit=bright_spot.unit, cycle=bright_spot.cycle, now=now or timezone.now()
        )
        locked = (
            BrightSpot.objects.select_for_update(of=("self",))
            .select_related("registration_list", "cycle")
            .get(pk=bright_spot.pk)
        )
        refusal = edit_refusal(locked)
        if refusal:
            raise Refused(refusal)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        _save_activities(locked, activities)
        audit_record(actor=by, target=locked, action="edit", from_state=locked.status, at=now)
    return locked


def bright_spot_enter_recognition(
    *, bright_spot: BrightSpot, by: User, now: datetime.datetime | None = None
) -> BrightSpot:
    """Its dossier was submitted for the first time."""
    return transition(SPOT_WORKFLOW, bright_spot, verb="enter_recognition", by=by, now=now)


def bright_spot_recognise(
    *, bright_spot: BrightSpot, by: User, decision_label: str, now: datetime.datetime | None = None
) -> BrightSpot:
    """Recognised by an issued decision (``decision_label`` e.g. "123/QĐ-UBND")."""
    return transition(
        SPOT_WORKFLOW, bright_spot, verb="recognise", by=by, now=now, comment=decision_label
    )


def bright_spot_not_recognise(
    *, bright_spot: BrightSpot, by: User, reason: str, now: datetime.datetime | None = None
) -> BrightSpot:
    """Not recognised: failed appraisal, refused proposal, or a revoked decision. A spot
    on the public showcase leaves it, and the unit's agreement to show it ends."""

    return transition(
        SPOT_WORKFLOW,
        bright_spot,
        verb="not_recognise",
        by=by,
        now=now,
        comment=reason,
        effect=lambda locked, by, now: dict(OFF_THE_SHOWCASE),
    )


def bright_spot_withdraw(
    *, bright_spot: BrightSpot, by: User, reason: str, now: datetime.datetime | None = None
) -> BrightSpot:
    """Withdrawn by its unit (an officer or the leader) at any point before recognition,
    with the reason recorded in the audit trail."""
    reason = require_text(reason, _("Give the reason for withdrawing."))
    return transition(SPOT_WORKFLOW, bright_spot, verb="withdraw", by=by, now=now, comment=reason)

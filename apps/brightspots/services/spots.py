"""Drafting, editing and every state change of one bright spot (``_set_state``).

The recognition-phase verbs (enter_recognition, recognise, not_recognise) are called by
the dossier and decision services inside their own transactions; they check the
transition, not the actor, because the calling service has already checked who may act
on the dossier or decision.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.permissions import can
from apps.brightspots.enums import ALLOWED_TRANSITIONS, BrightSpotStatus
from apps.brightspots.models import BrightSpot, PlanActivity, RegistrationList
from apps.core.services import audit_record
from apps.cycles.enums import DeadlineKind
from apps.cycles.selectors import DeadlineClosed, deadline_status

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


class TransitionNotAllowed(ValidationError):
    pass


class NotPermitted(PermissionDenied):
    """The actor may not take this step; ``str(exc)`` is the message."""


def _require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise NotPermitted(_("You may not take this step for this unit."))


# ---------------------------------------------------------------- plan rules


def check_criteria_set_covers(*, criteria_set, kind: str) -> None:
    """A bright spot is judged by a set that covers its kind."""
    if criteria_set is not None and kind not in criteria_set.kinds:
        raise ValidationError(
            _("This criteria set does not cover the chosen kind of bright spot."),
            code="criteria_kind",
        )


def activity_date_errors(*, year: int, start, end) -> dict[str, str]:
    """Field → message for an activity whose dates leave the cycle's year or run
    backwards (empty when the dates are fine)."""
    outside = _("The date must fall within %(year)s.") % {"year": year}
    errors = {
        name: outside
        for name, day in (("start_date", start), ("end_date", end))
        if day and day.year != year
    }
    if start and end and end < start and "end_date" not in errors:
        errors["end_date"] = _("An activity cannot end before it starts.")
    return errors


def check_plan(*, cycle, fields: dict, activities: list[dict]) -> None:
    """Name, address, at least one dated activity in the year, a fitting criteria set."""
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
    for activity in activities:
        wrong = activity_date_errors(
            year=cycle.year, start=activity["start_date"], end=activity["end_date"]
        )
        if wrong:
            errors["__all__"] = _("Every activity must fall within %(year)s.") % {
                "year": cycle.year
            }
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- bright spots


def _set_state(
    *,
    bright_spot: BrightSpot,
    to: str,
    by,
    action: str,
    comment: str = "",
    rule: str | None = None,
) -> BrightSpot:
    """Lock the row, check actor (when ``rule`` is given) and transition, save, audit.
    Returns the fresh row."""
    with transaction.atomic():
        locked = (
            BrightSpot.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=bright_spot.pk)
        )
        if rule:
            _require(by, rule, locked)
        if to not in ALLOWED_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(
                _("This bright spot is “%(status)s”; that step is not possible now.")
                % {"status": locked.get_status_display()}
            )
        from_state = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            target=locked,
            action=action,
            from_state=from_state,
            to_state=to,
            comment=comment,
        )
    bright_spot.status = locked.status
    return locked


def _lock_editable_list(*, unit, cycle) -> RegistrationList:
    """The unit's list for the year, locked; refused once sent, or when registration has
    closed for a list never sent."""
    created, _ = RegistrationList.objects.get_or_create(unit=unit, cycle=cycle)
    locked = RegistrationList.objects.select_for_update().get(pk=created.pk)
    if not locked.is_editable:
        raise TransitionNotAllowed(
            _(
                "The %(year)s registration list has been sent; bright spots can be added "
                "or changed only when a board returns it."
            )
            % {"year": cycle.year}
        )
    if locked.sent_at is None:
        _refuse_after_registration_deadline(locked)
    return locked


def _refuse_after_registration_deadline(registration_list) -> bool:
    """Raise DeadlineClosed after the unit's registration deadline; else return whether
    the unit is now late (open only thanks to an extension)."""
    status = deadline_status(
        cycle=registration_list.cycle,
        unit=registration_list.unit,
        kind=DeadlineKind.REGISTRATION,
    )
    if status.is_closed:
        raise DeadlineClosed(
            _(
                "The registration deadline passed on %(date)s; the list can no longer be "
                "sent. Ask the administrator for an extension."
            )
            % {"date": status.deadline.strftime("%d/%m/%Y")},
            code="deadline_closed",
        )
    return status.under_extension


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


def bright_spot_create(*, unit, cycle, by, fields: dict, activities: list[dict]) -> BrightSpot:
    """Draft a bright spot in the unit's registration list for ``cycle``.

    Refused unless ``by`` is an officer of the unit, the list is still a draft, and
    (for a list never sent) the registration deadline has not passed. Effects: the
    list is created when missing; the plan's activities are saved; audit "create".
    """
    _require(by, "brightspots.create", unit)
    fields = {name: fields.get(name) for name in EDITABLE_FIELDS if name in fields}
    check_plan(cycle=cycle, fields=fields, activities=activities)
    with transaction.atomic():
        registration_list = _lock_editable_list(unit=unit, cycle=cycle)
        spot = BrightSpot.objects.create(
            unit=unit, cycle=cycle, registration_list=registration_list, created_by=by, **fields
        )
        _save_activities(spot, activities)
        audit_record(actor=by, target=spot, action="create", to_state=spot.status)
    return spot


def bright_spot_update(*, bright_spot: BrightSpot, by, fields: dict, activities: list[dict]):
    """Change a draft bright spot and replace its plan's activities.

    Refused unless ``by`` is an officer of the unit and both the spot and its list are
    drafts. Effects: audit "edit".
    """
    _require(by, "brightspots.edit", bright_spot)
    fields = {name: fields.get(name) for name in EDITABLE_FIELDS if name in fields}
    check_plan(cycle=bright_spot.cycle, fields=fields, activities=activities)
    with transaction.atomic():
        _lock_editable_list(unit=bright_spot.unit, cycle=bright_spot.cycle)
        locked = BrightSpot.objects.select_for_update(of=("self",)).get(pk=bright_spot.pk)
        if locked.status != BrightSpotStatus.DRAFT:
            raise TransitionNotAllowed(_("Only a draft bright spot can be changed."))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        _save_activities(locked, activities)
        audit_record(actor=by, target=locked, action="edit", from_state=locked.status)
    return locked


def bright_spot_enter_recognition(*, bright_spot: BrightSpot, by) -> BrightSpot:
    """Its dossier was submitted for the first time."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.IN_RECOGNITION,
        by=by,
        action="enter_recognition",
    )


def bright_spot_recognise(*, bright_spot: BrightSpot, by, decision_label: str) -> BrightSpot:
    """Recognised by an issued decision (``decision_label`` e.g. "123/QĐ-UBND")."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.RECOGNISED,
        by=by,
        action="recognise",
        comment=decision_label,
    )


def bright_spot_not_recognise(*, bright_spot: BrightSpot, by, reason: str) -> BrightSpot:
    """Not recognised: failed appraisal, refused proposal, or a revoked decision."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.NOT_RECOGNISED,
        by=by,
        action="not_recognise",
        comment=reason,
    )


def bright_spot_withdraw(*, bright_spot: BrightSpot, by, reason: str) -> BrightSpot:
    """Withdrawn by its unit (an officer or the leader) at any point before recognition,
    with the reason recorded in the audit trail."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.WITHDRAWN,
        by=by,
        action="withdraw",
        comment=reason.strip(),
        rule="brightspots.withdraw",
    )

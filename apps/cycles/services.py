"""Writing yearly cycles and deadline extensions. Views, the admin and commands all
call these; each checks the actor, validates, saves and writes an audit record."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted
from apps.cycles.enums import DATE_FIELDS, DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension, ProcessRules
from apps.cycles.permissions import can_extend_for
from apps.units.models import Unit

YEAR_RANGE = range(2000, 2101)


def _check_date_names(dates: dict) -> None:
    unknown = set(dates) - set(DATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cycle dates: {sorted(unknown)}")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason (it is recorded).")})
    return reason


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def cycle_create(
    *,
    province: Unit,
    year: int,
    by: User,
    now: datetime.datetime | None = None,
    **dates: datetime.date | None,
) -> Cycle:
    """Open ``year`` for ``province``. Dates not given (or None) take the guidance's
    defaults (30/3, 15/6, 15/10–30/11, 30/11). Only the province's administrator.

    Effects: one Cycle row; an audit record "cycle_create" with its dates.
    """
    _check_date_names(dates)
    if not can(by, "cycles.create", province):
        raise NotPermitted(_("Only the province's administrator may open a cycle."))
    if year not in YEAR_RANGE:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    values = Cycle.default_dates(year) | {name: day for name, day in dates.items() if day}
    cycle = Cycle(province=province, year=year, **values)
    cycle.clean()
    duplicate = ValidationError(
        {
            "year": _("%(province)s already has a cycle for %(year)s.")
            % {"province": province.name, "year": year}
        }
    )
    if Cycle.objects.filter(province=province, year=year).exists():
        raise duplicate
    try:
        with transaction.atomic():
            cycle.save()
            audit_record(
                actor=by,
                target=cycle,
                action="cycle_create",
                data={name: _iso(day) for name, day in cycle.dates().items()},
                at=now,
            )
    except IntegrityError:  # created meanwhile by someone else
        raise duplicate from None
    return cycle


def cycle_change_dates(
    *,
    cycle: Cycle,
    by: User,
    reason: str,
    now: datetime.datetime | None = None,
    **dates: datetime.date,
) -> Cycle:
    """Change some of ``cycle``'s dates for this year only (e.g. 2022 took
    registration lists until 15/6). Only the province's administrator; the reason is
    required.

    Effects: the changed date fields saved; an audit record "cycle_change_dates" with
    each field's old and new date and the reason as comment. Existing extensions stay;
    one no later than the new date simply stops mattering.
    """
    _check_date_names(dates)
    if not can(by, "cycles.change", cycle):
        raise NotPermitted(_("Only the province's administrator may change its dates."))
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        changes = {
            name: {"from": _iso(getattr(locked, name)), "to": _iso(day)}
            for name, day in dates.items()
            if day and day != getattr(locked, name)
        }
        if not changes:
            raise ValidationError(_("No date was changed."))
        for name in changes:
            setattr(locked, name, dates[name])
        locked.clean()
        locked.save(update_fields=list(changes))
        audit_record(
            actor=by,
            target=locked,
            action="cycle_change_dates",
            comment=reason,
            data=changes,
            at=now,
        )
    return locked


def check_extension_date(*, cycle: Cycle, deadline: str, new_date: datetime.date) -> None:
    """After the cycle's own date for ``deadline`` and within the cycle's year."""
    cycle_date = cycle.deadline(deadline)
    if new_date <= cycle_date:
        raise ValidationError(
            {
                "new_date": _("The new date must be after the cycle's date, %(date)s.")
                % {"date": cycle_date.strftime("%d/%m/%Y")}
            }
        )
    if new_date.year != cycle.year:
        raise ValidationError(
            {"new_date": _("The new date must fall in %(year)s.") % {"year": cycle.year}}
        )


def deadline_extend(
    *,
    cycle: Cycle,
    unit: Unit,
    deadline: str,
    new_date: datetime.date,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> DeadlineExtension:
    """Give ``unit`` until ``new_date`` (inclusive, local time) for one deadline of
    ``cycle``. Only an administrator whose subtree contains the unit; the new date
    must be after the cycle's date and within the cycle's year; the reason is required.
    A second extension of the same deadline replaces the first.

    Effects: the DeadlineExtension row created or updated; an audit record
    "deadline_extend" on it with the previous and new date and the reason as comment.
    """
    deadline = DeadlineKind(deadline)
    if not can_extend_for(by, cycle, unit):
        raise NotPermitted(
            _("Only an administrator of this unit or above may extend its deadlines.")
        )
    reason = _require_reason(reason)
    check_extension_date(cycle=cycle, deadline=deadline, new_date=new_date)
    with transaction.atomic():
        Cycle.objects.select_for_update().get(pk=cycle.pk)  # one grant at a time per cycle
        previous = DeadlineExtension.objects.filter(cycle=cycle, unit=unit, deadline=deadline)
        previous_date = previous.values_list("new_date", flat=True).first()
        extension, _created = DeadlineExtension.objects.update_or_create(
            cycle=cycle,
            unit=unit,
            deadline=deadline,
            defaults={"new_date": new_date, "reason": reason, "granted_by": by},
        )
        audit_record(
            actor=by,
            target=extension,
            action="deadline_extend",
            comment=reason,
            data={
                "cycle": cycle.pk,
                "unit": unit.pk,
                "deadline": str(deadline),
                "from": _iso(previous_date or cycle.deadline(deadline)),
                "to": _iso(new_date),
            },
            at=now,
        )
    return extension


def cycle_set_upload_quota(
    *, cycle: Cycle, by: User, quota_mb: int | None, now: datetime.datetime | None = None
) -> Cycle:
    """Set how many MB of files each unit may store in ``cycle``'s year (None: the
    portal's default). Only the province's administrator. Effects: the field; an audit
    record "cycle_set_upload_quota" with the old and new figure."""
    if not can(by, "cycles.change", cycle):
        raise NotPermitted(_("Only the province's administrator may change its dates."))
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        old, locked.upload_quota_mb = locked.upload_quota_mb, quota_mb
        locked.save(update_fields=["upload_quota_mb"])
        audit_record(
            actor=by,
            target=locked,
            action="cycle_set_upload_quota",
            data={"upload_quota_mb": {"from": old, "to": quota_mb}},
            at=now,
        )
    return locked


RULE_FIELDS = (
    "guidance_reference",
    "progress_update",
    "submission_window",
    "drafting_closes",
    "review_report_closes",
    "progress_closes",
    "acknowledgement_required",
    "plan_within_year",
    "finding_on_every_criterion",
    "letter_scan_required",
)


def process_rules_save(
    *,
    province: Unit,
    by: User,
    reason: str,
    now: datetime.datetime | None = None,
    **values,
) -> ProcessRules:
    """Set ``province``'s process rules (docs/process.md section 4 switches and the
    guidance it cites). Only the province's administrator; the reason is required.

    Effects: the ProcessRules row (created on first save); an audit record
    "process_rules_change" with each changed field's old and new value. Saving
    without a change writes nothing.
    """
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown process rules: {sorted(unknown)}")
    if not can(by, "cycles.change_rules", province):
        raise NotPermitted(_("Only the province's administrator may change its process rules."))
    reason = _require_reason(reason)
    with transaction.atomic():
        rules, _created = ProcessRules.objects.select_for_update().get_or_create(province=province)
        changes = {
            name: [getattr(rules, name), value]
            for name, value in values.items()
            if getattr(rules, name) != value
        }
        if not changes:
            return rules
        for name, (_old, new) in changes.items():
            setattr(rules, name, new)
        rules.save()
        audit_record(
            actor=by,
            target=province,
            action="process_rules_change",
            comment=reason,
            data=changes,
            at=now,
        )
    return rules

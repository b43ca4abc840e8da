"""Writing yearly cycles and deadline extensions. Views, the admin and commands all
call these; each checks the actor, validates, saves and writes an audit record."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.enums import UNIT_STAFF
from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.accounts.selectors import members_of
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted
from apps.cycles.enums import DATE_FIELDS, RULE_FIELDS, DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension, ProcessRules
from apps.cycles.permissions import can_extend_for
from apps.cycles.process import current_version, process_of_version
from apps.notifications.services import notify
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
    """Open ``year`` for ``province``, pinned to the province's current process version.
    Dates not given (or None) take that process's defaults (Nghệ An's: 30/3, 15/6,
    15/10–30/11, 30/11). Only the province's administrator.

    Effects: one Cycle row; an audit record "cycle_create" with its dates and version.
    """
    _check_date_names(dates)
    if not can(by, "cycles.create", province):
        raise NotPermitted(_("Only the province's administrator may open a cycle."))
    if year not in YEAR_RANGE:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    version = current_version(province)
    defaults = process_of_version(version.pk).default_dates(year)
    values = defaults | {name: day for name, day in dates.items() if day}
    cycle = Cycle(province=province, year=year, process=version, **values)
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
                data={name: _iso(day) for name, day in cycle.dates().items()}
                | {"process_version": version.number},
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


def check_extension_date(
    *, cycle: Cycle, deadline: str, new_date: datetime.date, field: str = "new_date"
) -> None:
    """After the cycle's own date for ``deadline`` and within the cycle's year (an
    error on ``field``)."""
    cycle_date = cycle.deadline(deadline)
    if new_date <= cycle_date:
        raise ValidationError(
            {
                field: _("The new date must be after the cycle's date, %(date)s.")
                % {"date": cycle_date.strftime("%d/%m/%Y")}
            }
        )
    if new_date.year != cycle.year:
        raise ValidationError(
            {field: _("The new date must fall in %(year)s.") % {"year": cycle.year}}
        )


def _check_extension_dates(*, cycle: Cycle, dates: dict[DeadlineKind, datetime.date]) -> None:
    """Every date checked at once, each refusal on ``new_date_<deadline>``."""
    if not dates:
        raise ValidationError({"deadlines": _("Tick at least one deadline.")})
    errors: dict[str, list] = {}
    for deadline, new_date in dates.items():
        try:
            check_extension_date(
                cycle=cycle, deadline=deadline, new_date=new_date, field=f"new_date_{deadline}"
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


def deadline_extend(
    *,
    cycle: Cycle,
    unit: Unit,
    dates: Mapping[str, datetime.date],
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> list[DeadlineExtension]:
    """Give ``unit`` until a later date (inclusive, local time) for one or several
    deadlines of ``cycle``: ``dates`` maps each deadline (a DeadlineKind value) to its
    new date; one reason for all. Only an administrator whose subtree contains the
    unit; each new date must be after the cycle's date and within the cycle's year
    (refusals keyed ``new_date_<deadline>``); the reason is required. All or nothing.
    A second extension of the same deadline replaces the first.

    Effects, in one transaction: per deadline, the DeadlineExtension row created or
    updated and an audit record "deadline_extend" on it with the previous and new date
    and the reason as comment; one notice to the unit's leaders and officers naming
    each deadline and its new date (dd/mm/yyyy), linking to the cycle. Returns the
    extensions in calendar order.
    """
    dates = {DeadlineKind(deadline): day for deadline, day in dates.items()}
    if not can_extend_for(by, cycle, unit):
        raise NotPermitted(
            _("Only an administrator of this unit or above may extend its deadlines.")
        )
    reason = _require_reason(reason)
    _check_extension_dates(cycle=cycle, dates=dates)
    now = now or timezone.now()
    with transaction.atomic():
        Cycle.objects.select_for_update().get(pk=cycle.pk)  # one grant at a time per cycle
        extensions = [
            _extend_one(
                cycle=cycle,
                unit=unit,
                deadline=kind,
                new_date=dates[kind],
                reason=reason,
                by=by,
                now=now,
            )
            for kind in DeadlineKind
            if kind in dates
        ]
        _notify_unit(cycle=cycle, unit=unit, extensions=extensions, reason=reason, now=now)
    return extensions


def _extend_one(*, cycle, unit, deadline, new_date, reason, by, now) -> DeadlineExtension:
    previous_date = (
        DeadlineExtension.objects.filter(cycle=cycle, unit=unit, deadline=deadline)
        .values_list("new_date", flat=True)
        .first()
    )
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


def _notify_unit(*, cycle, unit, extensions, reason, now) -> None:
    """The unit's leaders and officers, once per grant."""
    notify(
        users=members_of(units=[unit], roles=UNIT_STAFF),
        template="deadline_extended",
        context={"cycle": cycle, "unit": unit, "extensions": extensions, "reason": reason},
        path=cycle.get_absolute_url(),
        dedupe_key=f"deadline-extend:{cycle.pk}:{unit.pk}:{now.isoformat()}",
    )


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

"""Writing a province's process: its one draft, started as a copy of the version in
force, changed section by section, then published (once ``version_problems`` finds
nothing) or discarded.

Every service checks the actor (the province's administrator), validates with
Vietnamese messages keyed by the form field they concern, runs in one transaction and
writes an audit record on the province. Every edit locks the draft row first, so two
edits of one draft run one after the other; rows of a published version are refused,
since a published version never changes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.brightspots.models import BrightSpot
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted
from apps.cycles.enums import DATE_FIELDS, RouteLevel
from apps.cycles.models import (
    ProcessConferenceLevel,
    ProcessDeadline,
    ProcessKind,
    ProcessMinimum,
    ProcessRoute,
    ProcessVersion,
)
from apps.cycles.process import VERSION_ROWS, check_day_month, current_version, version_problems
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit

CODE_PATTERN = re.compile(r"[a-z0-9]{1,8}")
MAX_REMINDER_DAYS = 365
MAX_MINIMUM = 99


def _check_actor(by: User, province: Unit) -> None:
    if not can(by, "cycles.change_rules", province):
        raise NotPermitted(_("Only the province's administrator may change its process."))


def _locked_draft(province: Unit) -> ProcessVersion:
    draft = (
        ProcessVersion.objects.select_for_update()
        .filter(province=province, published_at__isnull=True)
        .first()
    )
    if draft is None:
        raise ValidationError(
            _("%(province)s has no draft of its process: start one first.")
            % {"province": province.name}
        )
    return draft


@contextmanager
def _editing(province: Unit) -> Iterator[ProcessVersion]:
    """Open the transaction and lock the province's draft (after the actor's check)."""
    with transaction.atomic():
        yield _locked_draft(province)


def _draft_row(model, *, draft: ProcessVersion, province: Unit, pk: int):
    """The row ``pk`` of the draft; None when the province has no such row; refused
    when it belongs to a published version."""
    row = model.objects.filter(pk=pk, version__province=province).first()
    if row is not None and row.version_id != draft.pk:
        raise ValidationError(
            _("A published version never changes: change the draft and publish it.")
        )
    return row


def _audit(*, province: Unit, by: User, now, action: str, draft: ProcessVersion, **data) -> None:
    audit_record(
        actor=by, target=province, action=action, data={"version": draft.number, **data}, at=now
    )


def _day_month(value: tuple[int, int]) -> str:
    return f"{value[0]:02d}/{value[1]:02d}"


# The draft ------------------------------------------------------------------------


def process_draft_start(
    *, province: Unit, by: User, now: datetime.datetime | None = None
) -> ProcessVersion:
    """The province's draft. The first call makes it: a copy of every row of the
    version in force (the portal's default while the province has none of its own),
    numbered after the province's last version. A second call (a double click) returns
    the same draft.

    Effects: a ProcessVersion without ``published_at`` and copies of its kinds, routes,
    minimums, dates and conference levels; an audit record "process_draft_start"
    naming the version copied.
    """
    _check_actor(by, province)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=province.pk).first()  # one start at a time
        found = ProcessVersion.objects.filter(province=province, published_at__isnull=True)
        if draft := found.first():
            return draft
        source = current_version(province)
        last = ProcessVersion.objects.filter(province=province).aggregate(Max("number"))
        draft = ProcessVersion.objects.create(
            province=province,
            number=(last["number__max"] or 0) + 1,
            title=source.title,
            period_start_day=source.period_start_day,
            period_start_month=source.period_start_month,
            review_report_to=source.review_report_to,
            created_by=by,
        )
        for related in VERSION_ROWS:
            rows = list(getattr(source, related).all())
            for row in rows:
                row.pk, row.version = None, draft
            getattr(source, related).model.objects.bulk_create(rows)
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_draft_start",
            draft=draft,
            copied_from={"province": source.province_id, "version": source.number},
        )
    return draft


def process_draft_change(
    *,
    province: Unit,
    by: User,
    title: str,
    period_start: tuple[int, int],
    review_report_to: list[str],
    now: datetime.datetime | None = None,
) -> ProcessVersion:
    """Name the draft, set the day and month (``period_start``) a year's period starts
    and the boards that receive the yearly review report.

    Effects: the draft's fields; an audit record "process_draft_change" with each
    changed field's old and new value (nothing when nothing changed).
    """
    _check_actor(by, province)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the version a name.")
    if problem := check_day_month(*period_start):
        errors["period_start"] = problem
    if not set(review_report_to) <= set(BoardFunction.values) - {BoardFunction.NONE}:
        errors["review_report_to"] = _("Choose boards from the list.")
    if errors:
        raise ValidationError(errors)
    with _editing(province) as draft:
        new = {
            "title": title,
            "period_start": _day_month(period_start),
            "review_report_to": list(review_report_to),
        }
        old = {
            "title": draft.title,
            "period_start": _day_month((draft.period_start_day, draft.period_start_month)),
            "review_report_to": list(draft.review_report_to),
        }
        changes = {name: [old[name], value] for name, value in new.items() if old[name] != value}
        if not changes:
            return draft
        draft.title = title
        draft.period_start_day, draft.period_start_month = period_start
        draft.review_report_to = list(review_report_to)
        draft.save(
            update_fields=["title", "period_start_day", "period_start_month", "review_report_to"]
        )
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_draft_change",
            draft=draft,
            changes=changes,
        )
    return draft


# Kinds ----------------------------------------------------------------------------

KIND_FIELDS = ("code", "name", "document_phrase", "certificate_title", "unit_kinds")


def _kind_values(values: dict) -> dict:
    """The kind's values (``KIND_FIELDS``), stripped and checked one by one."""
    if set(values) != set(KIND_FIELDS):
        raise TypeError(f"a kind's values are {KIND_FIELDS}, not {sorted(values)}")
    cleaned = {name: (values[name] or "").strip() for name in KIND_FIELDS[:4]}
    cleaned["unit_kinds"] = [kind for kind in UnitKind.values if kind in values["unit_kinds"]]
    errors = {}
    if not CODE_PATTERN.fullmatch(cleaned["code"]):
        errors["code"] = _("The code is 1 to 8 lower-case Latin letters or digits, e.g. qcdc.")
    required = {
        "name": _("Give the kind's name."),
        "document_phrase": _("Give the phrase a decision's title uses."),
        "certificate_title": _("Give the title a certificate prints."),
    }
    errors |= {name: message for name, message in required.items() if not cleaned[name]}
    if set(values["unit_kinds"]) - set(UnitKind.values):
        errors["unit_kinds"] = _("Choose kinds of unit from the list.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_code_free(draft: ProcessVersion, code: str, *, kind: ProcessKind | None = None):
    taken = ProcessKind.objects.filter(version=draft, code=code)
    if kind is not None:
        taken = taken.exclude(pk=kind.pk)
    if taken.exists():
        raise ValidationError(
            {"code": _("The draft already has a kind with the code “%(code)s”.") % {"code": code}}
        )


def process_kind_add(
    *, province: Unit, by: User, now: datetime.datetime | None = None, **values
) -> ProcessKind:
    """Add a kind of bright spot to the draft, after its other kinds. The same kind
    sent twice (a double click) is added once.

    Effects: a ProcessKind row; an audit record "process_kind_add" with its values.
    """
    _check_actor(by, province)
    values = _kind_values(values)
    with _editing(province) as draft:
        same = ProcessKind.objects.filter(version=draft, **values).first()
        if same is not None:
            return same
        _check_code_free(draft, values["code"])
        last = ProcessKind.objects.filter(version=draft).aggregate(Max("order"))
        kind = ProcessKind.objects.create(
            version=draft, order=(last["order__max"] or 0) + 1, **values
        )
        _audit(
            province=province, by=by, now=now, action="process_kind_add", draft=draft, kind=values
        )
    return kind


def process_kind_change(
    *, province: Unit, by: User, kind_id: int, now: datetime.datetime | None = None, **values
) -> ProcessKind:
    """Change a kind of the draft. Its code changes only while no bright spot of the
    province uses it; the route and minimum rows follow the new code.

    Effects: the ProcessKind row (and the kind's route and minimum rows on a new code);
    an audit record "process_kind_change" with each changed value.
    """
    _check_actor(by, province)
    values = _kind_values(values)
    with _editing(province) as draft:
        kind = _draft_row(ProcessKind, draft=draft, province=province, pk=kind_id)
        if kind is None:
            raise ValidationError(_("The draft has no such kind (it may have been deleted)."))
        old_code = kind.code
        if values["code"] != old_code:
            if BrightSpot.objects.filter(cycle__province=province, kind=old_code).exists():
                raise ValidationError(
                    {
                        "code": _(
                            "Bright spots of the province already use the code “%(code)s”: "
                            "it can no longer change."
                        )
                        % {"code": old_code}
                    }
                )
            _check_code_free(draft, values["code"], kind=kind)
            for model in (ProcessRoute, ProcessMinimum):
                model.objects.filter(version=draft, kind=old_code).update(kind=values["code"])
        changes = {
            name: [getattr(kind, name), value]
            for name, value in values.items()
            if getattr(kind, name) != value
        }
        if not changes:
            return kind
        for name, value in values.items():
            setattr(kind, name, value)
        kind.save(update_fields=list(KIND_FIELDS))
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_kind_change",
            draft=draft,
            kind=old_code,
            changes=changes,
        )
    return kind


def process_kind_delete(
    *, province: Unit, by: User, kind_id: int, now: datetime.datetime | None = None
) -> None:
    """Delete a kind of the draft with its route and minimum rows (a kind already
    deleted: nothing to do).

    Effects: the rows deleted; an audit record "process_kind_delete" naming the kind.
    """
    _check_actor(by, province)
    with _editing(province) as draft:
        kind = _draft_row(ProcessKind, draft=draft, province=province, pk=kind_id)
        if kind is None:
            return
        for model in (ProcessRoute, ProcessMinimum):
            model.objects.filter(version=draft, kind=kind.code).delete()
        kind.delete()
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_kind_delete",
            draft=draft,
            kind={"code": kind.code, "name": kind.name},
        )


# Routes and the yearly minimum ----------------------------------------------------


def _check_route(*, board: str, via: str, copy_to: str, level: str) -> None:
    functions = set(BoardFunction.values) - {BoardFunction.NONE}
    errors = {}
    if board not in functions:
        errors["board"] = _("Choose the board that receives the lists.")
    if via and via not in functions:
        errors["via"] = _("Choose a board from the list.")
    elif via and via == board:
        errors["via"] = _("The list cannot pass through the board that receives it.")
    if copy_to and copy_to not in functions:
        errors["copy_to"] = _("Choose a board from the list.")
    elif copy_to and copy_to == board:
        errors["copy_to"] = _("The board that receives the list needs no copy of it.")
    if level not in RouteLevel.values:
        errors["level"] = _("Choose whose boards receive the lists.")
    if errors:
        raise ValidationError(errors)


def process_route_set(
    *,
    province: Unit,
    by: User,
    kind_id: int,
    board: str,
    via: str,
    copy_to: str,
    level: str,
    now: datetime.datetime | None = None,
) -> ProcessRoute:
    """Set where the lists' spots of a kind of the draft go: the receiving board, the
    office the list passes through and the board that gets a copy (both optional and
    other than the receiving board), taken at ``level``.

    Effects: the kind's ProcessRoute row (made when missing); an audit record
    "process_route_set" with the old and new route.
    """
    _check_actor(by, province)
    _check_route(board=board, via=via, copy_to=copy_to, level=level)
    with _editing(province) as draft:
        kind = _draft_row(ProcessKind, draft=draft, province=province, pk=kind_id)
        if kind is None:
            raise ValidationError(_("The draft has no such kind (it may have been deleted)."))
        new = {"board": board, "via": via, "copy_to": copy_to, "level": level}
        route = ProcessRoute.objects.filter(version=draft, kind=kind.code).first()
        old = {name: getattr(route, name) for name in new} if route else None
        if old == new:
            return route
        route, _created = ProcessRoute.objects.update_or_create(
            version=draft, kind=kind.code, defaults=new
        )
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_route_set",
            draft=draft,
            kind=kind.code,
            route=[old, new],
        )
    return route


def process_minimum_set(
    *,
    province: Unit,
    by: User,
    kind: str,
    unit_kind: str,
    count: int,
    now: datetime.datetime | None = None,
) -> ProcessMinimum:
    """Every unit of ``unit_kind`` (every unit that reports, when empty) builds at
    least ``count`` bright spots of ``kind`` a year (0 exempts them). Setting the same
    kind and units again changes the count.

    Effects: the ProcessMinimum row (made when missing); an audit record
    "process_minimum_set" with the old and new count.
    """
    _check_actor(by, province)
    errors = {}
    if unit_kind and unit_kind not in UnitKind.values:
        errors["unit_kind"] = _("Choose a kind of unit from the list.")
    if not 0 <= count <= MAX_MINIMUM:
        errors["count"] = _("The minimum is a whole number from 0 to %(max)d.") % {
            "max": MAX_MINIMUM
        }
    if errors:
        raise ValidationError(errors)
    with _editing(province) as draft:
        if not ProcessKind.objects.filter(version=draft, code=kind).exists():
            raise ValidationError({"kind": _("Choose a kind of the draft.")})
        row = ProcessMinimum.objects.filter(version=draft, kind=kind, unit_kind=unit_kind).first()
        old = row.count if row else None
        if old == count:
            return row
        row, _created = ProcessMinimum.objects.update_or_create(
            version=draft, kind=kind, unit_kind=unit_kind, defaults={"count": count}
        )
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_minimum_set",
            draft=draft,
            kind=kind,
            unit_kind=unit_kind,
            count=[old, count],
        )
    return row


def process_minimum_delete(
    *, province: Unit, by: User, minimum_id: int, now: datetime.datetime | None = None
) -> None:
    """Delete a row of the draft's yearly minimum (a row already deleted: nothing to do).

    Effects: the row deleted; an audit record "process_minimum_delete" with its values.
    """
    _check_actor(by, province)
    with _editing(province) as draft:
        row = _draft_row(ProcessMinimum, draft=draft, province=province, pk=minimum_id)
        if row is None:
            return
        row.delete()
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_minimum_delete",
            draft=draft,
            kind=row.kind,
            unit_kind=row.unit_kind,
            count=row.count,
        )


# Dates ----------------------------------------------------------------------------


def process_dates_set(
    *,
    province: Unit,
    by: User,
    dates: dict[str, tuple[int, int]],
    reminders: dict[str, list[int]],
    now: datetime.datetime | None = None,
) -> ProcessVersion:
    """Set the draft's default ``dates`` ({field: (day, month)}) and the days before
    each that reminders go out (``reminders``, {field: days}; empty: the portal's
    default). Dates in given years (15/6/2022) are kept.

    Effects: the ProcessDeadline rows (made when missing); an audit record
    "process_dates_set" with each changed date and reminder list.
    """
    unknown = (set(dates) | set(reminders)) - set(DATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cycle dates: {sorted(unknown)}")
    _check_actor(by, province)
    errors = {}
    for field, (day, month) in dates.items():
        if problem := check_day_month(day, month):
            errors[field] = problem
    for field, days in reminders.items():
        if not all(1 <= day <= MAX_REMINDER_DAYS for day in days):
            errors[f"{field}_reminders"] = _(
                "Reminders go out 1 to %(max)d days before the date."
            ) % {"max": MAX_REMINDER_DAYS}
    if errors:
        raise ValidationError(errors)
    with _editing(province) as draft:
        rows = {row.field: row for row in ProcessDeadline.objects.filter(version=draft)}
        changes = {}
        for field in DATE_FIELDS:
            if field not in rows and field not in dates:
                continue  # no date to remind of
            row = rows.get(field) or ProcessDeadline(version=draft, field=field)
            old = [_day_month((row.day, row.month)) if row.pk else None, row.reminder_days]
            day, month = dates.get(field, (row.day, row.month))
            days = sorted(set(reminders.get(field, row.reminder_days)), reverse=True)
            if old == [_day_month((day, month)), days]:
                continue
            row.day, row.month, row.reminder_days = day, month, days
            row.save()
            changes[field] = [old, [_day_month((day, month)), days]]
        if changes:
            _audit(
                province=province,
                by=by,
                now=now,
                action="process_dates_set",
                draft=draft,
                changes=changes,
            )
    return draft


# Commendation conferences ---------------------------------------------------------


def _overlap(row: ProcessConferenceLevel, since, until) -> bool:
    """Whether ``row``'s period shares a day with since–until (None: open-ended)."""
    starts_in_time = row.valid_until is None or since is None or since <= row.valid_until
    ends_in_time = row.valid_from is None or until is None or row.valid_from <= until
    return starts_in_time and ends_in_time


def process_conference_level_add(
    *,
    province: Unit,
    by: User,
    level: str,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    now: datetime.datetime | None = None,
) -> ProcessConferenceLevel:
    """Units of ``level`` hold the periodic commendation conference from
    ``valid_from`` until ``valid_until`` (either open). A period overlapping another of
    the same level is refused; the same row sent twice (a double click) is added once.

    Effects: a ProcessConferenceLevel row; an audit record
    "process_conference_level_add" with its values.
    """
    _check_actor(by, province)
    if level not in UnitLevel.values:
        raise ValidationError({"level": _("Choose a level from the list.")})
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The period cannot end before it starts.")})
    with _editing(province) as draft:
        rows = ProcessConferenceLevel.objects.filter(version=draft, level=level)
        same = rows.filter(valid_from=valid_from, valid_until=valid_until).first()
        if same is not None:
            return same
        if any(_overlap(row, valid_from, valid_until) for row in rows):
            raise ValidationError(
                _("“%(level)s” already holds conferences during part of this period.")
                % {"level": UnitLevel(level).label}
            )
        row = ProcessConferenceLevel.objects.create(
            version=draft, level=level, valid_from=valid_from, valid_until=valid_until
        )
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_conference_level_add",
            draft=draft,
            level=level,
            valid_from=valid_from and valid_from.isoformat(),
            valid_until=valid_until and valid_until.isoformat(),
        )
    return row


def process_conference_level_delete(
    *, province: Unit, by: User, level_id: int, now: datetime.datetime | None = None
) -> None:
    """Delete a conference level of the draft (one already deleted: nothing to do).

    Effects: the row deleted; an audit record "process_conference_level_delete".
    """
    _check_actor(by, province)
    with _editing(province) as draft:
        row = _draft_row(ProcessConferenceLevel, draft=draft, province=province, pk=level_id)
        if row is None:
            return
        row.delete()
        _audit(
            province=province,
            by=by,
            now=now,
            action="process_conference_level_delete",
            draft=draft,
            level=row.level,
            valid_from=row.valid_from and row.valid_from.isoformat(),
            valid_until=row.valid_until and row.valid_until.isoformat(),
        )


# Publishing and discarding --------------------------------------------------------


def process_publish(
    *, province: Unit, by: User, note: str, now: datetime.datetime | None = None
) -> ProcessVersion:
    """Publish the province's draft: refused, with every reason ``version_problems``
    gives, while it cannot work; ``note`` (what changed and why) is required. Cycles
    already open keep their version; cycles opened from now on take this one.

    Effects: the draft's ``published_at``, ``published_by`` and ``note``; an audit
    record "process_publish" with the note.
    """
    _check_actor(by, province)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what changed and why (it is recorded).")})
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked_draft(province)
        if problems := version_problems(draft):
            raise ValidationError(problems)
        draft.published_at, draft.published_by, draft.note = now, by, note
        draft.save(update_fields=["published_at", "published_by", "note"])
        audit_record(
            actor=by,
            target=province,
            action="process_publish",
            comment=note,
            data={"version": draft.number},
            at=now,
        )
    return draft


def process_discard(*, province: Unit, by: User, now: datetime.datetime | None = None) -> None:
    """Delete the province's draft with its rows; the version in force stays.

    Effects: the draft and its rows deleted; an audit record "process_discard".
    """
    _check_actor(by, province)
    with _editing(province) as draft:
        draft.delete()
        _audit(province=province, by=by, now=now, action="process_discard", draft=draft)

"""Who has not yet done what a deadline asks, and who is to be reminded today.

Catch-up rule (the daily job is a reconciler, so a day missed while beat was down is
made good by the next run):

- Before a unit's deadline (its extension, when later than the cycle's date), the
  reminder due today is the one of the *smallest offset whose day has come*
  (deadline - offset <= today <= deadline). Offsets whose day passed unsent while a
  later one is already due are not sent separately: one reminder, never a burst.
- After a deadline, the late-units digest for that date goes out on the first run in
  the ``REMINDER_DIGEST_CATCHUP_DAYS`` days after it. A unit under an extension is
  late only after its own date, and appears in the digest for that date.

Each (kind, cycle, deadline, due date, offset, unit, recipient) is sent at most once;
see ``ReminderLog``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from apps.accounts.enums import ALL_ROLES, LATE_LIST_RECIPIENTS, UNIT_STAFF
from apps.accounts.selectors import members_by_unit, members_of
from apps.core import params as query_params
from apps.cycles.enums import DEADLINE_FIELDS, DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from apps.cycles.process import process_of
from apps.notifications.models import OutboxEmail
from apps.reminders.enums import DeliveryStatus, ReminderKind
from apps.reminders.models import ReminderLog
from apps.reports.selectors.deadlines import units_not_done
from apps.units.enums import BoardFunction
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


def due_offset(*, due: datetime.date, today: datetime.date, offsets: Iterable[int]) -> int | None:
    """The offset whose reminder is due today (see the module's catch-up rule)."""
    if today > due:
        return None
    passed = [o for o in offsets if due - datetime.timedelta(days=o) <= today]
    return min(passed) if passed else None


@dataclass
class Delivery:
    """One reminder, or one late-units digest, to its recipients."""

    kind: str
    cycle: Cycle
    deadline: str
    due_date: datetime.date
    offset_days: int | None
    unit: Unit
    missing: int
    recipients: list = field(default_factory=list)
    late_units: list = field(default_factory=list)

    @property
    def dedupe_key(self) -> str:
        offset = "late" if self.offset_days is None else self.offset_days
        return (
            f"{self.kind}:{self.cycle.pk}:{self.deadline}:{self.unit.pk}:"
            f"{self.due_date:%Y%m%d}:{offset}"
        )

    def log_key(self, user) -> tuple:
        return (self.kind, self.unit.pk, self.due_date, self.offset_days, user.pk)


def reminder_plan(*, today: datetime.date) -> list[Delivery]:
    """Every reminder and digest due on ``today`` and not yet sent, with recipients.

    Reads only; ``reminders_send`` writes. The days before a deadline that reminders go
    out are the cycle's process's (``ProcessDeadline.reminder_days``; the portal's
    ``REMINDER_OFFSETS_DAYS`` where it sets none). A year whose period crosses calendar
    years (15/10 to 15/10) has dates in the year before its number, hence the years
    read. About six queries per deadline in play
    (deadlines far from ``today`` cost one query for their extensions). A province that
    switched the mid-year progress update off (``ProcessRules.progress_update``) has no
    unit missing one (``units_not_done``), so no progress reminder or digest.
    """
    window = settings.REMINDER_DIGEST_CATCHUP_DAYS
    cycles = Cycle.objects.select_related("province").filter(
        year__gte=today.year - 1, year__lte=today.year + 1
    )
    plan = []
    for cycle in cycles:
        process = process_of(cycle=cycle)
        for kind in DeadlineKind.values:
            offsets = sorted(set(process.reminder_days(DEADLINE_FIELDS[kind])))
            plan += _deadline_plan(cycle, kind, today, offsets, window)
    return plan


def _in_play(due, today, offsets, window) -> bool:
    first = due - datetime.timedelta(days=max(offsets, default=0))
    return first <= today <= due + datetime.timedelta(days=window)


def _deadline_plan(cycle, kind, today, offsets, window) -> list[Delivery]:
    base = cycle.deadline(kind)
    extended = dict(
        DeadlineExtension.objects.filter(cycle=cycle, deadline=kind, new_date__gt=base).values_list(
            "unit_id", "new_date"
        )
    )
    if not any(_in_play(d, today, offsets, window) for d in {base, *extended.values()}):
        return []
    reminders, late = [], defaultdict(list)
    for unit in units_not_done(cycle=cycle, kind=kind):
        due = extended.get(unit.pk, base)
        offset = due_offset(due=due, today=today, offsets=offsets)
        if offset is not None:
            reminders.append(
                Delivery(ReminderKind.REMINDER, cycle, kind, due, offset, unit, unit.missing)
            )
        elif due < today <= due + datetime.timedelta(days=window):
            late[due].append(unit)
    deliveries = _with_unit_recipients(reminders) + _digests(cycle, kind, late)
    return _not_yet_sent(cycle, kind, deliveries)


def _with_unit_recipients(deliveries: list[Delivery]) -> list[Delivery]:
    """The officers and leaders holding their role in the unit itself."""
    by_unit = members_by_unit(unit_ids=[d.unit.pk for d in deliveries], roles=UNIT_STAFF)
    for delivery in deliveries:
        delivery.recipients = by_unit.get(delivery.unit.pk, [])
    return deliveries


def _digests(cycle, kind, late: dict) -> list[Delivery]:
    """One digest per supervising unit (the late unit's parent) and due date. Where the
    parent is the province, the province's Ban Dân vận receives it as well."""
    parents = {u.path[: -u.steplen] for units in late.values() for u in units}
    supervisors = {u.path: u for u in Unit.objects.filter(path__in=parents)}
    recipients = members_by_unit(
        unit_ids=[u.pk for u in supervisors.values()], roles=LATE_LIST_RECIPIENTS
    )
    board_members = _mass_mobilisation_members(cycle.province) if late else []
    digests = []
    for due, units in sorted(late.items()):
        grouped = defaultdict(list)
        for unit in units:
            grouped[unit.path[: -unit.steplen]].append(unit)
        for path, members in sorted(grouped.items()):
            supervisor = supervisors.get(path)
            if supervisor is None:
                continue
            users = recipients.get(supervisor.pk, [])
            if supervisor.depth == 1:
                users = _merge(users, board_members)
            digests.append(
                Delivery(
                    ReminderKind.LATE_DIGEST,
                    cycle,
                    kind,
                    due,
                    None,
                    supervisor,
                    len(members),
                    recipients=users,
                    late_units=sorted(members, key=lambda u: u.name),
                )
            )
    return digests


def _mass_mobilisation_members(province: Unit) -> list:
    """Everyone holding a role in the province's Ban Dân vận (Tỉnh ủy): the unit with
    that function right under the province, whatever its kind."""
    boards = Unit.objects.boards_of(province, [BoardFunction.MASS_MOBILISATION])
    return list(members_of(units=boards, roles=ALL_ROLES))


def _merge(first: list, second: list) -> list:
    users = {u.pk: u for u in first}
    users.update({u.pk: u for u in second if u.pk not in users})
    return list(users.values())


def _not_yet_sent(cycle, kind, deliveries: list[Delivery]) -> list[Delivery]:
    """Drop recipients already logged (the send step re-checks under the constraint)."""
    if not deliveries:
        return []
    sent = set(
        ReminderLog.objects.filter(
            cycle=cycle, deadline=kind, due_date__in={d.due_date for d in deliveries}
        ).values_list("kind", "unit_id", "due_date", "offset_days", "recipient_id")
    )
    kept = []
    for delivery in deliveries:
        delivery.recipients = [u for u in delivery.recipients if delivery.log_key(u) not in sent]
        if delivery.recipients:
            kept.append(delivery)
    return kept


def with_delivery(logs: QuerySet) -> QuerySet:
    """``logs`` with their e-mail's fate (``delivery``, ``attempts``, ``last_error``,
    ``email_sent_at``) read from the outbox in the same query."""
    outbox = OutboxEmail.objects.filter(dedupe_key=OuterRef("email_key"))
    return logs.select_related("unit", "recipient", "cycle").annotate(
        delivery=Coalesce(Subquery(outbox.values("status")[:1]), Value(DeliveryStatus.NO_EMAIL)),
        attempts=Subquery(outbox.values("attempts")[:1]),
        last_error=Subquery(outbox.values("last_error")[:1]),
        email_sent_at=Subquery(outbox.values("sent_at")[:1]),
    )


def filter_reminder_logs(logs: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """The admin page's filters: kind, deadline, year, delivery status, text."""
    if params.get("kind") in ReminderKind.values:
        logs = logs.filter(kind=params["kind"])
    if params.get("deadline") in DeadlineKind.values:
        logs = logs.filter(deadline=params["deadline"])
    if year := query_params.year(params):
        logs = logs.filter(cycle__year=year)
    if params.get("status") in DeliveryStatus.values:
        logs = logs.filter(delivery=params["status"])
    text = (params.get("q") or "").strip()
    if text:
        logs = logs.filter(
            Q(unit__name__unaccent__icontains=text)
            | Q(recipient__full_name__unaccent__icontains=text)
            | Q(recipient__email__icontains=text)
        )
    return logs

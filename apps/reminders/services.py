"""Sending deadline reminders and late-units digests, each exactly once."""

import datetime
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.urls import reverse

from apps.cycles.enums import DeadlineKind
from apps.notifications.services import Notice, notify_many
from apps.reminders.enums import ReminderKind
from apps.reminders.models import ReminderLog
from apps.reminders.selectors import Delivery, reminder_plan

logger = logging.getLogger(__name__)

TEMPLATES = {ReminderKind.REMINDER: "reminder", ReminderKind.LATE_DIGEST: "late_units"}
BATCH = 200  # deliveries per transaction


@dataclass
class RunResult:
    deliveries: int = 0  # reminders and digests with at least one new recipient
    recipients: int = 0  # log rows written (people told in the portal)
    emails: int = 0  # e-mails queued in the outbox


def reminders_send(*, today: datetime.date) -> RunResult:
    """Send every reminder and late-units digest due on ``today`` (see
    ``apps.reminders.selectors`` for who and when).

    Effects, for each reminder (unit, deadline) or digest: a ``ReminderLog`` row per
    recipient (inserted under its unique constraint, so a repeated or concurrent run
    claims nothing twice), then ``notify_many`` writes the portal notifications and the
    outbox e-mails of exactly the recipients claimed, in the same transaction, for a
    whole batch at once. A
    transaction holds ``BATCH`` deliveries (one commit per delivery made the run of a
    3,500-unit province several times slower); a crash rolls back the whole batch,
    log rows and e-mails alike, and the next run sends it. The outbox worker sends after
    commit and retries failures with back-off.
    """
    result = RunResult()
    plan = reminder_plan(today=today)
    for start in range(0, len(plan), BATCH):
        with transaction.atomic():
            notices = []
            for delivery in plan[start : start + BATCH]:
                claimed = _claim(delivery)
                if claimed:
                    notices.append(_notice(delivery, claimed, today))
                    result.deliveries += 1
                    result.recipients += len(claimed)
            result.emails += notify_many(notices=notices)
    logger.info("reminders for %s: %s", today, result)
    return result


def _notice(delivery: Delivery, claimed: list, today: datetime.date) -> Notice:
    """What ``notify_many`` tells the recipients claimed for ``delivery``."""
    return Notice(
        users=claimed,
        template=TEMPLATES[delivery.kind],
        context=_context(delivery, today),
        path=_url(delivery),
        dedupe_key=delivery.dedupe_key,
    )


def _claim(delivery: Delivery) -> list:
    """Insert the log rows; return the recipients whose row is new (``ON CONFLICT DO
    NOTHING``: a row another run committed, or is committing, is skipped)."""
    fields = (
        "kind",
        "cycle_id",
        "deadline",
        "due_date",
        "offset_days",
        "unit_id",
        "recipient_id",
        "email_key",
        "missing",
        "created_at",
    )
    rows, params = [], []
    for user in delivery.recipients:
        rows.append("(" + ", ".join(["%s"] * (len(fields) - 1)) + ", now())")
        params += [
            delivery.kind,
            delivery.cycle.pk,
            delivery.deadline,
            delivery.due_date,
            delivery.offset_days,
            delivery.unit.pk,
            user.pk,
            f"{delivery.dedupe_key}:{user.pk}",
            delivery.missing,
        ]
    sql = (
        f"INSERT INTO {ReminderLog._meta.db_table} ({', '.join(fields)}) "
        f"VALUES {', '.join(rows)} ON CONFLICT DO NOTHING RETURNING recipient_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        new = {row[0] for row in cursor.fetchall()}
    return [user for user in delivery.recipients if user.pk in new]


def _context(delivery: Delivery, today: datetime.date) -> dict:
    return {
        "deadline": delivery.deadline,
        "unit": delivery.unit,
        "year": delivery.cycle.year,
        "due_date": delivery.due_date,
        "is_extended": delivery.due_date != delivery.cycle.deadline(delivery.deadline),
        "days_left": (delivery.due_date - today).days,
        "missing": delivery.missing,
        "late_units": delivery.late_units,
    }


def _url(delivery: Delivery) -> str:
    """Where the unit does what the deadline asks; the digest opens the dashboard."""
    query = f"?year={delivery.cycle.year}"
    if delivery.kind == ReminderKind.LATE_DIGEST:
        return reverse("reports:dashboard") + f"{query}&unit={delivery.unit.pk}"
    if delivery.deadline == DeadlineKind.REVIEW_REPORT:
        return reverse("reports:review_list") + query
    return reverse("brightspots:unit_year", args=[delivery.unit.pk]) + query

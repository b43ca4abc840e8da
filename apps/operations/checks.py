"""What the operations page shows and the periodic check e-mails about: each part of
the installation that can go wrong, as green, amber or red with a sentence saying why.

Reads only: a fixed number of queries (one per check that needs the database) and a
few file-system calls, whatever the size of the tables.
"""

from __future__ import annotations

import copy
import datetime
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from celery.schedules import maybe_schedule
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.decisions.enums import ACTIVE_PRINT_STATUSES, PrintJobStatus
from apps.decisions.models import PrintJob
from apps.notifications.models import OutboxEmail
from apps.operations.backups import backups_list
from apps.operations.models import TaskRun

OK, WARN, BAD = "ok", "warn", "bad"
TONE_LABELS = {OK: gettext_lazy("Good"), WARN: gettext_lazy("Watch"), BAD: gettext_lazy("Act now")}
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    tone: str
    explanation: str
    figures: list[str] = field(default_factory=list)

    @property
    def tone_label(self) -> str:
        return str(TONE_LABELS[self.tone])


@dataclass(frozen=True)
class TaskRow:
    entry: str
    task: str
    run: TaskRun | None
    tone: str
    explanation: str


def _worst(tones) -> str:
    tones = set(tones)
    return BAD if BAD in tones else WARN if WARN in tones else OK


def operations_checks(*, now: datetime.datetime, rows: list[TaskRow] | None = None) -> list[Check]:
    """Every check, in the page's order (``rows``: the ``task_rows`` already read)."""
    rows = task_rows(now=now) if rows is None else rows
    return [
        _tasks_check(rows),
        outbox_check(now=now),
        print_jobs_check(now=now),
        backup_check(now=now),
        disk_check(),
    ]


def task_rows(*, now: datetime.datetime) -> list[TaskRow]:
    """Each beat entry with its task's last recorded run (one query)."""
    runs = {run.name: run for run in TaskRun.objects.all()}
    rows = []
    for entry, spec in sorted(settings.CELERY_BEAT_SCHEDULE.items()):
        run = runs.get(spec["task"])
        tone, explanation = _task_state(spec["schedule"], run, now)
        rows.append(TaskRow(entry, spec["task"], run, tone, explanation))
    return rows


def _task_state(schedule, run: TaskRun | None, now: datetime.datetime) -> tuple[str, str]:
    if run is None or run.started_at is None:
        return WARN, _("No run recorded yet: is beat running, with a worker?")
    overdue = -_remaining(schedule, run.started_at, now)
    minutes = int(overdue.total_seconds() // 60)
    if overdue > timedelta(minutes=30):
        return BAD, _("Late by %(minutes)s minutes: beat or the workers are stopped.") % {
            "minutes": minutes
        }
    if run.finished_at and not run.succeeded:
        return BAD, _("The last run failed: %(error)s") % {"error": run.error[:200]}
    if overdue > timedelta(minutes=5):
        return WARN, _("Late by %(minutes)s minutes.") % {"minutes": minutes}
    return OK, _("Ran on time.")


def _remaining(schedule, last_run: datetime.datetime, now: datetime.datetime) -> timedelta:
    """Time from ``now`` until the run due after ``last_run`` (negative: overdue)."""
    from config.celery import app

    schedule = copy.copy(maybe_schedule(schedule, app=app))
    schedule.nowfun = lambda: now
    return schedule.remaining_estimate(last_run)


def _tasks_check(rows: list[TaskRow]) -> Check:
    tone = _worst(row.tone for row in rows)
    late = [row.entry for row in rows if row.tone != OK]
    explanation = (
        _("Every periodic task ran when due.")
        if tone == OK
        else _("Periodic tasks not on time: %(names)s.") % {"names": ", ".join(late)}
    )
    return Check("tasks", _("Periodic tasks (beat)"), tone, explanation)


def outbox_check(*, now: datetime.datetime) -> Check:
    """E-mails waiting to go, failed after their last try, or stuck while sending."""
    pending = Q(status=OutboxEmail.Status.PENDING)
    due = pending & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stuck = Q(status=OutboxEmail.Status.SENDING, created_at__lt=now - timedelta(minutes=15))
    figures = OutboxEmail.objects.aggregate(
        pending=Count("pk", filter=pending),
        oldest=Min("created_at", filter=due),
        failed=Count(
            "pk", filter=Q(status=OutboxEmail.Status.FAILED, created_at__gte=now - RECENT)
        ),
        stuck=Count("pk", filter=stuck),
    )
    waited = now - figures["oldest"] if figures["oldest"] else timedelta(0)
    minutes = int(waited.total_seconds() // 60)
    lines = [
        ngettext("%(n)s e-mail waiting", "%(n)s e-mails waiting", figures["pending"])
        % {"n": figures["pending"]},
        ngettext(
            "%(n)s failed in the last 7 days", "%(n)s failed in the last 7 days", figures["failed"]
        )
        % {"n": figures["failed"]},
    ]
    if figures["failed"]:
        tone = BAD
        explanation = _(
            "Some e-mails failed after every try: check the mail server settings, then "
            "send them again from the administration pages."
        )
    elif waited > timedelta(minutes=30):
        tone = BAD
        explanation = _("E-mails have waited %(minutes)s minutes: the worker is not sending.") % {
            "minutes": minutes
        }
    elif waited > timedelta(minutes=5) or figures["stuck"]:
        tone = WARN
        explanation = _("E-mails are slow to leave or stuck while sending.")
    else:
        tone, explanation = OK, _("E-mails leave as they are written.")
    return Check("outbox", _("E-mail outbox"), tone, explanation, lines)


def print_jobs_check(*, now: datetime.datetime) -> Check:
    """Print jobs the reconciler should already have requeued, and recent failures."""
    lease = timedelta(seconds=settings.PRINT_LEASE_SECONDS)
    stalled = Q(status__in=ACTIVE_PRINT_STATUSES, updated_at__lt=now - lease - timedelta(minutes=3))
    failed = Q(status=PrintJobStatus.FAILED, updated_at__gte=now - RECENT)
    figures = PrintJob.objects.aggregate(
        stalled=Count("pk", filter=stalled),
        failed=Count("pk", filter=failed),
        active=Count("pk", filter=Q(status__in=ACTIVE_PRINT_STATUSES)),
    )
    lines = [
        ngettext("%(n)s printing now", "%(n)s printing now", figures["active"])
        % {"n": figures["active"]},
        ngettext("%(n)s stalled", "%(n)s stalled", figures["stalled"]) % {"n": figures["stalled"]},
        ngettext(
            "%(n)s failed in the last 7 days", "%(n)s failed in the last 7 days", figures["failed"]
        )
        % {"n": figures["failed"]},
    ]
    if figures["stalled"]:
        tone = BAD
        explanation = _(
            "Print jobs have made no progress for minutes and were not requeued: the "
            "workers or beat are stopped."
        )
    elif figures["failed"]:
        tone = WARN
        explanation = _(
            "Some print jobs failed: the person who asked sees the error and may print again."
        )
    else:
        tone, explanation = OK, _("Certificates print without trouble.")
    return Check("print_jobs", _("Certificate printing"), tone, explanation, lines)


def backup_check(*, now: datetime.datetime) -> Check:
    """The newest complete backup and its age."""
    backups = backups_list()
    if not backups:
        return Check(
            "backup",
            _("Backups"),
            BAD,
            _("No backup found in %(dir)s: run manage.py backup and check beat.")
            % {"dir": settings.BACKUP_DIR},
        )
    latest = backups[0]
    hours = int((now - latest.created_at).total_seconds() // 3600)
    lines = [
        _("Last backup %(hours)s hours ago, %(size)s")
        % {"hours": hours, "size": _size(latest.bytes)},
        ngettext("%(n)s backup kept", "%(n)s backups kept", len(backups)) % {"n": len(backups)},
    ]
    if hours >= 50:
        tone, explanation = BAD, _("The last backup is more than two days old.")
    elif hours >= 26:
        tone, explanation = WARN, _("Last night's backup is missing.")
    else:
        tone, explanation = OK, _("A backup was made in the last day.")
    return Check("backup", _("Backups"), tone, explanation, lines)


def disk_check() -> Check:
    """Space used on the disks holding the media files and the backups."""
    lines, tones = [], []
    for label, path in (
        (_("Media files"), settings.MEDIA_ROOT),
        (_("Backups"), settings.BACKUP_DIR),
    ):
        usage = shutil.disk_usage(_existing(Path(path)))
        percent = round(100 * usage.used / usage.total)
        tones.append(BAD if percent >= 90 else WARN if percent >= 80 else OK)
        lines.append(
            _("%(label)s: disk %(percent)s%% full, %(free)s free")
            % {"label": label, "percent": percent, "free": _size(usage.free)}
        )
    tone = _worst(tones)
    explanation = {
        OK: _("There is room on the disks."),
        WARN: _("A disk is over 80 percent full: plan more space or fewer backups kept."),
        BAD: _("A disk is over 90 percent full: uploads and backups will soon fail."),
    }[tone]
    return Check("disk", _("Disk space"), tone, explanation, lines)


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"

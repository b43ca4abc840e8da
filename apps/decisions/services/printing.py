"""Printing every certificate of a decision into one PDF, in the worker."""

from __future__ import annotations

import datetime
import logging
import tempfile
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_record
from apps.decisions.enums import ACTIVE_PRINT_STATUSES, PrintJobStatus
from apps.decisions.models import Decision, PrintJob
from apps.decisions.services.decisions import require_allowed

if TYPE_CHECKING:
    from apps.accounts.models import User


logger = logging.getLogger(__name__)

# The last resort when beat is down: an active job untouched for this long is failed
# when someone asks to print again. With beat running, print_jobs_reconcile requeues a
# job within PRINT_LEASE_SECONDS plus a minute of losing its worker.
STALLED_AFTER = timedelta(minutes=10)


def certificates_print_request(*, decision: Decision, by: User) -> PrintJob:
    """The print job of ``decision``'s certificates: the one queued or running, else a
    finished one whose file is still there, else a new job queued for the worker.

    The decision row is locked while deciding, and a partial unique index allows one
    active job per decision, so two clicks never start two jobs.
    """
    require_allowed(by, "decisions.print", decision)
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        require_allowed(by, "decisions.print", locked)
        _fail_stalled(locked)
        existing = _reusable_job(locked)
        if existing:
            if existing.status == PrintJobStatus.QUEUED:  # the broker may have lost it
                transaction.on_commit(lambda: _queue(existing.pk))
            return existing
        try:
            with transaction.atomic():
                job = PrintJob.objects.create(
                    decision=locked, requested_by=by, total=locked.certificates.count()
                )
        except IntegrityError:  # another transaction created it first
            return locked.print_jobs.get(status__in=ACTIVE_PRINT_STATUSES)
        transaction.on_commit(lambda: _queue(job.pk))
    return job


def _reusable_job(decision: Decision) -> PrintJob | None:
    jobs = decision.print_jobs.filter(
        Q(status__in=ACTIVE_PRINT_STATUSES) | Q(status=PrintJobStatus.DONE)
    ).order_by("-created_at", "-id")
    for job in jobs:
        if job.is_active or (job.file and job.file.storage.exists(job.file.name)):
            return job
    return None


def _fail_stalled(decision: Decision) -> None:
    decision.print_jobs.filter(
        status__in=ACTIVE_PRINT_STATUSES, updated_at__lt=timezone.now() - STALLED_AFTER
    ).update(
        status=PrintJobStatus.FAILED,
        error=_("The printing stopped without finishing."),
        updated_at=timezone.now(),
    )


def _queue(job_id: int) -> None:
    from apps.decisions.tasks import task_print_certificates

    try:
        task_print_certificates.apply_async(kwargs={"job_id": job_id}, queue=settings.PRINT_QUEUE)
    except Exception:  # broker down: the job stays queued; the page offers to retry
        logger.warning("could not queue print job %s", job_id, exc_info=True)


def print_job_run(*, job_id: int) -> PrintJob | None:
    """Render the job's certificates into one PDF and attach it to the job.

    The job is claimed by a conditional update (queued → running) that stamps
    ``started_at``, the token of this attempt, so a task delivered twice renders once.
    While it renders, a side thread renews the job's lease (``updated_at``) every
    quarter of PRINT_LEASE_SECONDS: a job whose lease ran out lost its worker, and
    ``print_jobs_reconcile`` queues it again. Progress, the lease and the finish touch
    the row only while it carries this attempt's token, so a worker given up for dead
    that comes back keeps none of its work: the PDF is one attempt's, each certificate
    once, in order. Progress is saved after each chunk of pages.
    """
    from apps.decisions.pdf import certificates_pdf

    token = timezone.now()
    claimed = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.QUEUED).update(
        status=PrintJobStatus.RUNNING, started_at=token, done=0, updated_at=token
    )
    if not claimed:
        return None
    job = PrintJob.objects.select_related("decision").get(pk=job_id)
    certificates = list(job.decision.certificates.for_print())
    mine = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.RUNNING, started_at=token)

    def progress(done: int) -> None:
        if not mine.update(done=done, updated_at=timezone.now()):
            raise LeaseLost(job_id)

    try:
        with _Lease(mine), tempfile.TemporaryFile() as buffer:
            certificates_pdf(certificates, job.decision, target=buffer, progress=progress)
            buffer.seek(0)
            job.file.save(_file_name(job), File(buffer), save=False)
    except LeaseLost:
        logger.warning("print job %s was taken over by another attempt", job_id)
        return None
    except Exception as exc:
        logger.exception("print job %s failed", job_id)
        _finish(mine, status=PrintJobStatus.FAILED, error=str(exc)[:2000])
        raise
    if not _finish(mine, status=PrintJobStatus.DONE, file=job.file.name, done=len(certificates)):
        job.file.delete(save=False)  # another attempt owns the job now
        return None
    return PrintJob.objects.get(pk=job_id)


class LeaseLost(Exception):
    """The print job no longer carries this attempt's token."""


class _Lease:
    """Renews a running job's lease from a side thread while the worker renders: one
    chunk of pages may take longer than the lease."""

    def __init__(self, mine):
        self.mine = mine
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._renew, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join()

    def _renew(self) -> None:
        try:
            while not self.stop.wait(settings.PRINT_LEASE_SECONDS / 4):
                if not self.mine.update(updated_at=timezone.now()):
                    return
        except Exception:  # database away: the lease runs out and the job is requeued
            logger.warning("could not renew a print job's lease", exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def print_jobs_reconcile(
    *, now: datetime.datetime, jobs: QuerySet[PrintJob] | None = None
) -> dict[str, int]:
    """Put print jobs that lost their worker or their message back on their way.

    Run by beat every minute (``task_reconcile_print_jobs``). Each row is taken by a
    conditional update on the ``updated_at`` it was read with, so two beats or a rerun
    never act twice on one stall. Effects:
    - a running job whose lease ran out (its worker died) goes back to queued with an
      audit row ``print_requeue`` and is queued after commit; once it has been requeued
      PRINT_MAX_REQUEUES times it fails instead (``print_give_up``), so a job that kills
      its worker does not loop for ever;
    - a job queued for longer than the lease (the broker may have lost its message) is
      queued again; a second message is harmless, the claim runs the job once.
    Returns the counts {"requeued", "failed", "resent"}.
    """
    jobs = PrintJob.objects.all() if jobs is None else jobs
    cutoff = now - timedelta(seconds=settings.PRINT_LEASE_SECONDS)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    stale = jobs.filter(status__in=ACTIVE_PRINT_STATUSES, updated_at__lt=cutoff)
    for job in stale.only("pk", "status", "updated_at").order_by("pk"):
        outcome = _reconcile_one(job, now=now)
        if outcome:
            counts[outcome] += 1
    return counts


def _reconcile_one(job: PrintJob, *, now: datetime.datetime) -> str:
    """What became of ``job``: "requeued", "failed", "resent", or "" when another
    reconciler or the worker touched it first."""
    seen = PrintJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at)
    with transaction.atomic():
        if job.status == PrintJobStatus.QUEUED:
            if not seen.update(updated_at=now):
                return ""
            transaction.on_commit(lambda: _queue(job.pk))
            return "resent"
        if _requeues(job) >= settings.PRINT_MAX_REQUEUES:
            error = _("The printing stopped several times without finishing.")
            if not seen.update(
                status=PrintJobStatus.FAILED, error=error, finished_at=now, updated_at=now
            ):
                return ""
            _audit(job, "print_give_up", PrintJobStatus.FAILED, now)
            return "failed"
        if not seen.update(status=PrintJobStatus.QUEUED, updated_at=now):
            return ""
        _audit(job, "print_requeue", PrintJobStatus.QUEUED, now)
        transaction.on_commit(lambda: _queue(job.pk))
        return "requeued"


def _audit(job: PrintJob, action: str, to_state: str, now: datetime.datetime) -> None:
    audit_record(
        actor=None,
        target=job,
        action=action,
        from_state=PrintJobStatus.RUNNING,
        to_state=to_state,
        at=now,
    )


def _requeues(job: PrintJob) -> int:
    from apps.core.models import AuditEvent

    return AuditEvent.objects.filter(
        content_type__app_label="decisions",
        content_type__model="printjob",
        object_id=str(job.pk),
        action="print_requeue",
    ).count()


def _file_name(job: PrintJob) -> str:
    """The file name, e.g. giay-cong-nhan-05-qd-ubnd-2026-7.pdf."""
    return f"giay-cong-nhan-{job.decision.file_label}-{job.decision.year}-{job.pk}.pdf"


def _finish(mine, **fields) -> int:
    """Close this attempt's job (0 when another attempt owns it now)."""
    return mine.update(finished_at=timezone.now(), updated_at=timezone.now(), **fields)

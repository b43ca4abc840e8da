"""Printing every certificate of a decision into one PDF, in the worker."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.decisions.enums import ACTIVE_PRINT_STATUSES, PrintJobStatus
from apps.decisions.models import Decision, PrintJob
from apps.decisions.services.decisions import require_allowed

if TYPE_CHECKING:
    from apps.accounts.models import User


logger = logging.getLogger(__name__)

# A running job that has reported no progress for this long lost its worker.
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
        task_print_certificates.delay(job_id=job_id)
    except Exception:  # broker down: the job stays queued; the page offers to retry
        logger.warning("could not queue print job %s", job_id, exc_info=True)


def print_job_run(*, job_id: int) -> PrintJob | None:
    """Render the job's certificates into one PDF and attach it to the job.

    The job is claimed by a conditional update (queued → running), so a task delivered
    twice renders once. Progress is saved after each chunk of pages.
    """
    from apps.decisions.pdf import certificates_pdf

    claimed = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.QUEUED).update(
        status=PrintJobStatus.RUNNING, started_at=timezone.now(), done=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = PrintJob.objects.select_related("decision").get(pk=job_id)
    certificates = list(job.decision.certificates.for_print())

    def progress(done: int) -> None:
        PrintJob.objects.filter(pk=job_id).update(done=done, updated_at=timezone.now())

    try:
        with tempfile.TemporaryFile() as buffer:
            certificates_pdf(certificates, job.decision, target=buffer, progress=progress)
            buffer.seek(0)
            job.file.save(_file_name(job), File(buffer), save=False)
    except Exception as exc:
        logger.exception("print job %s failed", job_id)
        _finish(job_id, status=PrintJobStatus.FAILED, error=str(exc)[:2000])
        raise
    _finish(job_id, status=PrintJobStatus.DONE, file=job.file.name, done=len(certificates))
    return PrintJob.objects.get(pk=job_id)


def _file_name(job: PrintJob) -> str:
    """The file name, e.g. giay-cong-nhan-05-qd-ubnd-2026-7.pdf."""
    return f"giay-cong-nhan-{job.decision.file_label}-{job.decision.year}-{job.pk}.pdf"


def _finish(job_id: int, **fields) -> None:
    PrintJob.objects.filter(pk=job_id).update(
        finished_at=timezone.now(), updated_at=timezone.now(), **fields
    )

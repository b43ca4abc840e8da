"""A print job whose worker dies is requeued by the reconciler within its lease and
printed once: each certificate exactly once, in order."""

import datetime
import time

import pytest
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.decisions import pdf
from apps.decisions.models import PrintJob
from apps.decisions.services.printing import (
    certificates_print_request,
    print_job_run,
    print_jobs_reconcile,
)

pytestmark = pytest.mark.django_db


def _age(job, seconds):
    PrintJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def _running(job, *, seconds_ago):
    PrintJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    _age(job, seconds_ago)


def test_reconciler_leaves_a_job_with_a_fresh_lease_alone(make_decision, settings):
    decision, maker = make_decision(1)
    job = certificates_print_request(decision=decision, by=maker)
    _running(job, seconds_ago=settings.PRINT_LEASE_SECONDS - 10)

    counts = print_jobs_reconcile(now=timezone.now())

    job.refresh_from_db()
    assert counts == {"requeued": 0, "failed": 0, "resent": 0}
    assert job.status == "running"


def test_reconciler_requeues_a_running_job_whose_lease_ran_out_once_for_two_beats(
    make_decision, settings, django_capture_on_commit_callbacks
):
    decision, maker = make_decision(1)
    job = certificates_print_request(decision=decision, by=maker)
    _running(job, seconds_ago=settings.PRINT_LEASE_SECONDS + 1)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = print_jobs_reconcile(now=now)
        second = print_jobs_reconcile(now=now)

    job.refresh_from_db()
    assert (first["requeued"], second["requeued"]) == (1, 0)
    assert job.status == "queued"
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="print_requeue", object_id=str(job.pk)).count() == 1


def test_reconciler_gives_up_after_the_last_requeue(make_decision, settings):
    settings.PRINT_MAX_REQUEUES = 2
    decision, maker = make_decision(1)
    job = certificates_print_request(decision=decision, by=maker)
    outcomes = []

    for _ in range(3):
        _running(job, seconds_ago=settings.PRINT_LEASE_SECONDS + 1)
        outcomes.append(print_jobs_reconcile(now=timezone.now()))

    job.refresh_from_db()
    assert [o["requeued"] for o in outcomes] == [1, 1, 0]
    assert outcomes[-1]["failed"] == 1
    assert (job.status, job.error) == ("failed", "Việc in bị dừng nhiều lần mà chưa xong.")


def test_reconciler_sends_a_long_queued_job_again_without_changing_it(
    make_decision, settings, django_capture_on_commit_callbacks
):
    decision, maker = make_decision(1)
    job = certificates_print_request(decision=decision, by=maker)
    _age(job, settings.PRINT_LEASE_SECONDS + 1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = print_jobs_reconcile(now=timezone.now())

    job.refresh_from_db()
    assert counts["resent"] == 1
    assert job.status == "queued"
    assert len(callbacks) == 1


def test_an_attempt_given_up_for_dead_keeps_none_of_its_work(make_decision, monkeypatch):
    decision, maker = make_decision(2)
    job = certificates_print_request(decision=decision, by=maker)
    render = pdf.render_document

    def taken_over(html):
        # While this attempt renders, the reconciler requeued the job and another
        # worker claimed it (a new token).
        PrintJob.objects.filter(pk=job.pk).update(started_at=timezone.now())
        return render(html)

    monkeypatch.setattr(pdf, "render_document", taken_over)

    result = print_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert result is None
    assert (job.status, job.file.name) == ("running", "")


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_a_chunk_renders(make_decision, settings, monkeypatch):
    settings.PRINT_LEASE_SECONDS = 0.4
    decision, maker = make_decision(1)
    job = PrintJob.objects.create(decision=decision, requested_by=maker, total=1)
    render = pdf.render_document
    seen = []

    def slow(html):
        started = PrintJob.objects.get(pk=job.pk).updated_at
        time.sleep(0.5)
        seen.append(PrintJob.objects.get(pk=job.pk).updated_at > started)
        return render(html)

    monkeypatch.setattr(pdf, "render_document", slow)

    print_job_run(job_id=job.pk)

    assert seen == [True]

"""Printing every certificate of a decision into one PDF: one job per decision at a
time, progress as it goes, the file at the end."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.decisions import pdf, services
from apps.decisions.models import PrintJob
from apps.decisions.services.printing import certificates_print_request, print_job_run
from apps.decisions.tasks import task_print_certificates
from tests.conftest import client_for
from tests.decisions.factories import make_draft, make_issued
from tests.decisions.pdfs import page_sizes, text_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(authority, decision_maker, spots):
    return make_issued(authority, spots, by=decision_maker)


def test_request_creates_a_job_and_queues_it_after_commit(
    issued, decision_maker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = certificates_print_request(decision=issued, by=decision_maker)

    assert (job.status, job.total, job.done) == ("queued", 2, 0)
    assert len(callbacks) == 1


def test_second_click_while_it_runs_returns_the_same_job(issued, decision_maker):
    first = certificates_print_request(decision=issued, by=decision_maker)
    PrintJob.objects.filter(pk=first.pk).update(status="running")

    second = certificates_print_request(decision=issued, by=decision_maker)

    assert second.pk == first.pk
    assert PrintJob.objects.count() == 1


def test_database_allows_one_active_job_per_decision(issued, decision_maker):
    PrintJob.objects.create(decision=issued, requested_by=decision_maker, status="queued")

    with pytest.raises(IntegrityError), transaction.atomic():
        PrintJob.objects.create(decision=issued, requested_by=decision_maker, status="running")


def test_run_renders_every_certificate_with_progress(issued, decision_maker, monkeypatch):
    job = certificates_print_request(decision=issued, by=decision_maker)
    monkeypatch.setattr(pdf, "BATCH_CHUNK", 1)
    progress_seen = []
    render = pdf.render_document

    def spy(html):
        progress_seen.append(PrintJob.objects.get(pk=job.pk).done)
        return render(html)

    monkeypatch.setattr(pdf, "render_document", spy)

    done = print_job_run(job_id=job.pk)

    assert progress_seen == [0, 1]
    assert (done.status, done.done, done.total) == ("done", 2, 2)
    content = done.file.read()
    assert page_sizes(content) == [(842, 595), (842, 595)]
    assert [c.holder_name in text_of(content) for c in issued.certificates.all()] == [True, True]


def test_task_runs_the_job(issued, decision_maker):
    job = certificates_print_request(decision=issued, by=decision_maker)

    task_print_certificates.apply(kwargs={"job_id": job.pk})

    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 2)


def test_job_delivered_twice_renders_once(issued, decision_maker):
    job = certificates_print_request(decision=issued, by=decision_maker)
    print_job_run(job_id=job.pk)

    assert print_job_run(job_id=job.pk) is None


def test_finished_job_is_offered_again_instead_of_printing_twice(issued, decision_maker):
    job = certificates_print_request(decision=issued, by=decision_maker)
    print_job_run(job_id=job.pk)

    again = certificates_print_request(decision=issued, by=decision_maker)

    assert again.pk == job.pk
    assert PrintJob.objects.count() == 1


def test_stalled_job_is_failed_and_replaced(issued, decision_maker):
    stalled = certificates_print_request(decision=issued, by=decision_maker)
    PrintJob.objects.filter(pk=stalled.pk).update(
        status="running", updated_at=timezone.now() - datetime.timedelta(hours=1)
    )

    fresh = certificates_print_request(decision=issued, by=decision_maker)

    stalled.refresh_from_db()
    assert fresh.pk != stalled.pk
    assert stalled.status == "failed"


def test_render_error_fails_the_job(issued, decision_maker, monkeypatch):
    job = certificates_print_request(decision=issued, by=decision_maker)

    def broken(*args, **kwargs):
        raise RuntimeError("font cache unavailable")

    monkeypatch.setattr(pdf, "certificates_pdf", broken)

    with pytest.raises(RuntimeError):
        print_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "font cache unavailable")


def test_printing_is_refused_for_drafts_and_revoked_decisions(authority, decision_maker, spots):
    draft = make_draft(authority, spots[:1], by=decision_maker)
    issued = make_issued(authority, spots[1:], by=decision_maker)
    services.decision_revoke(decision=issued, by=decision_maker, reason="Sai sót")

    for decision in (draft, issued):
        with pytest.raises(PermissionDenied):
            certificates_print_request(decision=decision, by=decision_maker)


def test_printing_is_refused_to_unit_officers(issued, authority):
    officer = make_member(authority, "officer")

    with pytest.raises(PermissionDenied):
        certificates_print_request(decision=issued, by=officer)


def test_print_button_clicked_twice_lands_on_one_job(issued, decision_maker):
    client = client_for(decision_maker)
    url = reverse("decisions:print", args=[issued.pk])

    first = client.post(url)
    second = client.post(url)

    job = PrintJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()


def test_job_page_status_and_download(issued, decision_maker):
    job = certificates_print_request(decision=issued, by=decision_maker)
    client = client_for(decision_maker)
    status_url = reverse("decisions:print_job_status", args=[job.pk])

    waiting = client.get(status_url).json()
    print_job_run(job_id=job.pk)
    finished = client.get(status_url).json()
    page = client.get(job.get_absolute_url())
    download = client.get(reverse("decisions:print_job_download", args=[job.pk]))

    assert (waiting["status"], waiting["percent"], waiting["finished"]) == ("queued", 0, False)
    assert (finished["status"], finished["percent"], finished["finished"]) == ("done", 100, True)
    assert "Tải tệp PDF" in page.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert page_sizes(b"".join(download.streaming_content)) == [(842, 595)] * 2

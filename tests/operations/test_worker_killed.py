"""The drill of issue 18: a real Celery worker (a subprocess on the real Redis, its own
queue, and the test database) is killed with SIGKILL in the middle of a print job; a
real beat runs the reconciler, which requeues the job once its lease has run out, a
second worker prints it, and the PDF holds every certificate exactly once, in order."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.decisions.models import PrintJob
from apps.decisions.services.printing import certificates_print_request, print_jobs_reconcile
from apps.operations.models import TaskRun
from tests.decisions.pdfs import reader

LEASE_SECONDS = 4
CERTIFICATES = 24
CHUNK = 3


def _start(queue: str, log, *arguments: str) -> subprocess.Popen:
    """``celery -A config <arguments>`` with the worker settings, on ``queue``."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.operations.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRINT_QUEUE": queue,
        "PRINT_LEASE_SECONDS": str(LEASE_SECONDS),
        "PRINT_TEST_CHUNK": str(CHUNK),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", *arguments, "-l", "INFO"]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=log)


def _worker(queue: str, log) -> subprocess.Popen:
    options = ["--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle"]
    return _start(queue, log, "worker", *options, "--without-heartbeat")


def _beat(queue: str, log, folder) -> subprocess.Popen:
    return _start(queue, log, "beat", "-s", str(folder / "beat-schedule"), "--max-interval=1")


def _wait(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


def _drop_queue(queue: str) -> None:
    """Delete the test queue's keys from the shared Redis (its messages and bindings)."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


def _requeues(job) -> int:
    return AuditEvent.objects.filter(action="print_requeue", object_id=str(job.pk)).count()


def _job(pk) -> PrintJob:
    return PrintJob.objects.get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_is_replaced_and_each_certificate_printed_once(
    make_decision, settings, tmp_path
):
    settings.PRINT_QUEUE = queue = f"test-print-{uuid.uuid4().hex[:8]}"
    settings.PRINT_LEASE_SECONDS = LEASE_SECONDS
    decision, maker = make_decision(CERTIFICATES)
    log = (tmp_path / "workers.log").open("wb")
    first = _worker(queue, log)
    second = beat = None
    try:
        job = certificates_print_request(decision=decision, by=maker)
        # Killed once the first chunk is printed: in the middle of the job.
        started = _wait(lambda: _job(job.pk).done >= CHUNK, 120)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = time.monotonic()
        killed = _job(job.pk)
        early = print_jobs_reconcile(now=timezone.now())

        second, beat = _worker(queue, log), _beat(queue, log, tmp_path)
        done = _wait(lambda: _job(job.pk).status == "done", 180)
        waited = time.monotonic() - killed_at
    finally:
        for worker in (first, second, beat):
            if worker and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        log.close()
        _drop_queue(queue)
    output = (tmp_path / "workers.log").read_text(errors="replace")

    assert started, (tmp_path / "workers.log").read_text(errors="replace")[-3000:]
    assert (killed.status, killed.file.name) == ("running", "")
    assert 0 < killed.done < CERTIFICATES
    assert early["requeued"] == 0  # the dead worker's lease had not yet run out
    assert done, output[-3000:]
    assert _requeues(job) == 1  # by beat's reconciler, once
    assert TaskRun.objects.get(name="apps.decisions.tasks.task_reconcile_print_jobs").succeeded
    print(f"\nkilled at {killed.done}/{CERTIFICATES}; printed again {waited:.1f} s after the kill")
    assert waited < 60
    pages = [
        " ".join((p.extract_text() or "").split()) for p in reader(_job(job.pk).file.read()).pages
    ]
    names = [f"Mô hình {n:02d}" for n in range(1, CERTIFICATES + 1)]
    assert len(pages) == CERTIFICATES
    assert [[name in page for name in names].index(True) for page in pages] == list(
        range(CERTIFICATES)
    )
    assert [sum(name in page for page in pages) for name in names] == [1] * CERTIFICATES

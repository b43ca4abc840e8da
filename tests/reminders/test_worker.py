"""One test runs a real Celery worker (a subprocess) against the real Redis started by
scripts/services.sh and the test database, not eager mode."""

import datetime
import email
import os
import subprocess
import sys
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from apps.accounts.enums import Role
from tests.brightspots.factories import make_cycle
from tests.factories import make_member

ROOT = Path(settings.BASE_DIR)
# A Redis database of its own, so other test runs' workers never take our tasks.
REDIS_DB = 13


def _redis_url() -> str:
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    return f"{base}/{REDIS_DB}"


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(mail_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": _redis_url(),
        "REMINDER_EMAIL_DIR": str(mail_dir),
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def _wait_for_files(directory: Path, count: int, seconds: float) -> list[Path]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.log"))
        if len(files) >= count:
            return files
        time.sleep(0.25)
    return sorted(directory.glob("*.log"))


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_beat_task_and_the_email_arrives(province, commune, tmp_path):
    make_cycle(province, 2026)
    make_member(commune, Role.OFFICER, username="officer", email="officer@example.vn")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    probe = Celery("probe", broker=_redis_url())
    probe.control.purge()  # outbox kicks other tests queued with no worker to take them
    worker = _start_worker(mail_dir)
    try:
        probe.send_task(
            "apps.reminders.tasks.task_send_reminders",
            kwargs={"date": datetime.date(2026, 3, 23).isoformat()},
        )

        files = _wait_for_files(mail_dir, 1, seconds=60)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")

    assert len(files) == 1, output[-3000:]
    message = email.message_from_bytes(files[0].read_bytes())
    assert message["To"] == "officer@example.vn"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith("Nhắc hạn 30/03/2026:")
    assert "succeeded" in output

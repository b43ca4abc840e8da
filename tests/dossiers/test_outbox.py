"""A queue outage during a submission: with our own Redis stopped, the submission still
succeeds for the user and its e-mail waits in the outbox; once Redis is back, a real
Celery worker drains it and the e-mail goes out exactly once."""

import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from apps.notifications.models import OutboxEmail
from apps.notifications.services import kick_outbox, outbox_send_pending
from config.celery import app as celery_app
from tests.conftest import client_for
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import make_dossier

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
NO_PERSISTENCE = ["--save", "", "--appendonly", "no", "--daemonize", "no"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A throw-away redis-server on its own loopback port (never the shared one)."""

    def __init__(self):
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", *NO_PERSISTENCE],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _point_celery_at(url: str) -> None:
    """Make the project's Celery app publish to ``url`` from now on."""
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(settings):
    redis = PrivateRedis()
    redis.start()
    previous = (celery_app.conf.broker_url, celery_app.conf.result_backend)
    settings.CELERY_BROKER_URL = redis.url
    _point_celery_at(redis.url)
    yield redis
    redis.stop()
    _point_celery_at(previous[0])
    celery_app.conf.result_backend = previous[1]


def _wait_until_sent(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists():
            return
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_submission_during_a_redis_outage_succeeds_and_mails_once_after(
    fresh_content_types, private_redis, commune, cycle, officer, appraiser
):
    from celery.contrib.testing.worker import start_worker

    import apps.notifications.tasks  # noqa: F401  (registers the drain task)

    dossier = make_dossier(commune, cycle=cycle, filled=True, by=officer)
    private_redis.stop()

    started = time.monotonic()
    with at_local(2026, 10, 20):
        response = client_for(officer).post(reverse("dossiers:submit", args=[dossier.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nộp hồ sơ để thẩm định."]
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SUBMITTED
    assert elapsed < 10
    pending = OutboxEmail.objects.get()
    assert (pending.status, pending.to) == (OutboxEmail.Status.PENDING, appraiser.email)
    assert mail.outbox == []

    private_redis.start()
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=20):
        kick_outbox()  # what the beat drain does every minute
        _wait_until_sent(seconds=20)
        kick_outbox()  # a second drain finds nothing left to send
        time.sleep(0.5)

    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT  # by the worker
    assert [m.to for m in mail.outbox] == [[appraiser.email]]
    assert mail.outbox[0].subject.startswith("Hồ sơ đã nộp để thẩm định")
    assert outbox_send_pending() == 0
    assert len(mail.outbox) == 1

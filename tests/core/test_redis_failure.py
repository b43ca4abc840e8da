"""Redis may fail: with the cache, the rate limits and Celery's broker on a Redis that
stops, users stay logged in, pages answer and nothing answers 500; when it returns,
the limits count again and queued work is delivered.

Each test starts its own redis-server on a free port and points the production-shaped
caches (config/settings/production.py) and the broker at it.
"""

import os
import signal
import socket
import subprocess
import time
from datetime import timedelta

import kombu.pools
import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.enums import Role
from apps.decisions.models import PrintJob
from apps.decisions.services.printing import certificates_print_request, print_jobs_reconcile
from apps.notifications.models import OutboxEmail
from apps.notifications.services import notify
from config.celery import app as celery_app
from tests.decisions.factories import (
    decision_maker_of,
    make_authority,
    make_issued,
    make_proposed_spot,
)
from tests.factories import PASSWORD, make_member

TEMPLATE = "bright_spot_published"
CERTIFICATE = reverse("verify:certificate", args=["ABCDEFGHJK"])


class OwnRedis:
    """A redis-server of this test alone, stopped, paused and restarted on one port."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        for _ in range(100):
            if self.command("ping") == "PONG":
                return
            time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def command(self, *args) -> str:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True
        )
        return result.stdout.strip()


@pytest.fixture
def redis(settings):
    server = OwnRedis()
    server.start()
    timeouts = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": timeouts,
        },
        "reference": settings.CACHES["reference"],
    }
    settings.RATE_LIMIT_CACHE = "limits"
    _point_celery_at(server.url)
    yield server
    if server.process.poll() is None:
        server.resume()
        server.stop()
    _point_celery_at(settings.CELERY_BROKER_URL)


def _point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    kombu.pools.reset()  # connections and producers of the previous server
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._local.__dict__.pop("backend", None)


def _log_in(client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _signed_in_pages_answer(client) -> list[int]:
    return [
        client.get(reverse("home")).status_code,
        client.get(reverse("notifications:list")).status_code,
    ]


def _reset(client):
    return client.post(reverse("password_reset"), {"email": "canbo@example.vn"})


@pytest.mark.django_db
def test_users_stay_signed_in_and_pages_answer_while_redis_is_down(client, officer, redis):
    _log_in(client, "officer")
    assert _signed_in_pages_answer(client) == [200, 200]

    redis.stop()

    assert _signed_in_pages_answer(client) == [200, 200]
    assert client.get(CERTIFICATE).status_code == 404  # fails open: no such code
    refused = _reset(client)
    assert refused.status_code == 429  # fails closed, what was typed kept
    assert 'value="canbo@example.vn"' in refused.content.decode()
    assert _signed_in_pages_answer(client) == [200, 200]

    redis.start()

    assert _signed_in_pages_answer(client) == [200, 200]
    assert client.get(CERTIFICATE).status_code == 404
    assert _reset(client).status_code == 302
    assert redis.command("keys", "*rate:password-reset*") != ""  # counting again


@pytest.mark.django_db
def test_a_paused_redis_costs_a_page_its_timeouts_not_a_hang(client, officer, redis):
    _log_in(client, "officer")
    redis.pause()
    try:
        started = time.monotonic()
        statuses = [*_signed_in_pages_answer(client), client.get(CERTIFICATE).status_code]
        elapsed = time.monotonic() - started
    finally:
        redis.resume()

    assert statuses == [200, 200, 404]
    assert elapsed < 10  # a few cache calls of at most 0.75 s each, not a hang


@pytest.mark.django_db
def test_the_unread_count_in_the_menu_is_right_before_during_and_after_an_outage(
    client, officer, redis, django_capture_on_commit_callbacks
):
    _log_in(client, "officer")
    assert _menu_count(client) == 0
    _notify(officer, django_capture_on_commit_callbacks)
    assert _menu_count(client) == 1

    redis.stop()  # the count is read with the user, from PostgreSQL: Redis plays no part
    _notify(officer, django_capture_on_commit_callbacks)
    assert _menu_count(client) == 2

    redis.start()
    assert _menu_count(client) == 2


def _notify(user, capture) -> None:
    with capture(execute=True):  # the outbox is kicked once the notification commits
        notify(users=[user], template=TEMPLATE, context={}, path="/")


def _menu_count(client) -> int:
    from apps.notifications.selectors import unread_count

    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    return unread_count(user=response.wsgi_request.user)


@pytest.mark.django_db(transaction=True)
def test_emails_queued_while_redis_is_down_go_out_when_it_returns(officer, redis):
    from celery.contrib.testing.worker import start_worker

    redis.stop()
    started = time.monotonic()
    with transaction.atomic():
        notify(users=[officer], template=TEMPLATE, context={}, path="/")
    assert time.monotonic() - started < 15  # the broker's timeouts, no hang
    email = OutboxEmail.objects.get(to=officer.email)
    assert email.status == OutboxEmail.Status.PENDING

    redis.start()
    from apps.notifications.tasks import task_send_outbox

    task_send_outbox.delay()  # what beat sends every minute
    assert redis.command("llen", "celery") == "1"
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for _ in range(100):
            email.refresh_from_db()
            if email.status == OutboxEmail.Status.SENT:
                break
            time.sleep(0.1)

    assert email.status == OutboxEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [[officer.email]]


@pytest.mark.django_db
def test_a_print_job_asked_for_while_redis_is_down_is_sent_again_by_the_reconciler(
    commune, redis, settings, django_capture_on_commit_callbacks
):
    authority = make_authority(commune)
    maker = decision_maker_of(authority, username="chu_tich_phuong")
    decision = make_issued(authority, [make_proposed_spot(authority)], by=maker)
    queue = settings.PRINT_QUEUE

    redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        job = certificates_print_request(decision=decision, by=maker)  # fails, logged
    redis.start()
    assert redis.command("llen", queue) == "0"

    later = timezone.now() + timedelta(seconds=settings.PRINT_LEASE_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = print_jobs_reconcile(now=later)  # what beat runs every minute

    job.refresh_from_db()
    assert (counts["resent"], job.status) == (1, "queued")
    assert PrintJob.objects.count() == 1
    assert redis.command("llen", queue) == "1"


@pytest.fixture
def officer(commune):
    return make_member(commune, Role.OFFICER, username="officer", email="officer@example.vn")

"""The e-mail outbox: written with the change it reports, sent exactly once by the
worker, retried with back-off, visibly failed after the last try, and indifferent to
a broker that is down."""

import contextlib
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification, OutboxEmail
from apps.notifications.services import MAX_ATTEMPTS, notify, outbox_send_pending
from tests.conftest import client_for
from tests.factories import UserFactory

TEST_TEMPLATES = Path(__file__).parent / "templates"


class FailingSMTPBackend(BaseEmailBackend):
    """The outside world failing: the mail server drops the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [TEST_TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSMTPBackend"


def _queue(n=1, **fields):
    return [
        OutboxEmail.objects.create(to=f"nguoi{i}@example.vn", subject=f"Thư {i}", body_text="…")
        for i in range(n)
    ]


@pytest.mark.django_db
def test_notify_writes_notifications_and_emails_in_the_callers_transaction(
    officer, leader, test_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        queued = notify(
            users=[officer, leader],
            template="test_notice",
            context={"name": "ĐS-01"},
            path="/brightspots/1/",
        )

    assert queued == 2
    assert len(callbacks) == 1
    assert Notification.objects.filter(message="Hồ sơ ĐS-01 đã được tiếp nhận").count() == 2
    email = OutboxEmail.objects.get(to=officer.email)
    assert email.status == OutboxEmail.Status.PENDING
    assert f"{settings.SITE_URL}/brightspots/1/" in email.body_text
    assert Notification.objects.filter(url="/brightspots/1/").count() == 2


@pytest.mark.django_db
def test_notify_with_a_dedupe_key_tells_each_user_once(officer, test_templates):
    for _ in range(3):
        notify(users=[officer], template="test_notice", context={"name": "A"}, dedupe_key="k1")

    assert OutboxEmail.objects.count() == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_notify_with_a_dedupe_key_tells_a_user_without_email_once(officer, test_templates):
    officer.email = ""
    officer.save()

    for _ in range(3):
        notify(users=[officer], template="test_notice", context={"name": "A"}, dedupe_key="k1")

    assert Notification.objects.filter(user=officer).count() == 1
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db
def test_notify_rolled_back_with_the_change_leaves_nothing(officer, test_templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(users=[officer], template="test_notice", context={"name": "A"})
        raise RuntimeError("the change failed")

    assert OutboxEmail.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_drain_sends_each_pending_email_once():
    _queue(3)

    first = outbox_send_pending()
    second = outbox_send_pending()

    assert (first, second) == (3, 0)
    assert len(mail.outbox) == 3
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_drain_skips_a_row_another_drain_has_claimed():
    (email,) = _queue(1)
    OutboxEmail.objects.filter(pk=email.pk).update(status=OutboxEmail.Status.SENDING)

    sent = outbox_send_pending()

    assert sent == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_parallel_drains_send_each_email_exactly_once():
    _queue(40)
    results = []

    def drain():
        try:
            results.append(outbox_send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(results) == 40
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Thư {i}" for i in range(40))
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("email", ["officer@example.vn", ""])
def test_concurrent_notices_under_one_key_tell_the_user_once(officer, test_templates, email):
    officer.email = email
    officer.save()
    start = threading.Barrier(3)

    def tell():
        try:
            with transaction.atomic():
                start.wait()
                notify(
                    users=[officer], template="test_notice", context={"name": "A"}, dedupe_key="k"
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=tell) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Notification.objects.filter(user=officer).count() == 1
    assert OutboxEmail.objects.count() == (1 if email else 0)


@pytest.mark.django_db
def test_smtp_failure_is_retried_after_a_back_off(settings, smtp_down, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    (email,) = _queue(1)
    start = timezone.now()

    outbox_send_pending()
    email.refresh_from_db()
    immediately = outbox_send_pending()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(timedelta(minutes=2, seconds=1))
    later = outbox_send_pending()

    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1
    assert email.next_attempt_at == start + timedelta(minutes=2)
    assert "Connection unexpectedly closed" in email.last_error
    assert (immediately, later) == (0, 1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_back_off_doubles_with_each_attempt(smtp_down, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    (email,) = _queue(1)
    waits = []

    for _ in range(MAX_ATTEMPTS - 1):
        before = timezone.now()
        outbox_send_pending()
        email.refresh_from_db()
        waits.append(email.next_attempt_at - before)
        time_machine.move_to(email.next_attempt_at)

    assert waits == [timedelta(minutes=m) for m in (2, 4, 8, 16)]


@pytest.mark.django_db
def test_email_fails_visibly_after_the_last_try(smtp_down, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    (email,) = _queue(1)

    for _ in range(MAX_ATTEMPTS + 2):
        outbox_send_pending()
        time_machine.shift(timedelta(hours=1))
    email.refresh_from_db()

    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "Connection unexpectedly closed" in email.last_error


@pytest.mark.django_db
def test_superuser_sees_failed_emails_and_queues_them_again(django_capture_on_commit_callbacks):
    root = UserFactory(is_superuser=True, is_staff=True)
    (failed,) = _queue(1)
    OutboxEmail.objects.filter(pk=failed.pk).update(
        status=OutboxEmail.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="550 mailbox full"
    )
    client = client_for(root)
    url = reverse("admin:notifications_outboxemail_changelist")

    listed = client.get(url, {"status__exact": "failed"})
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url, {"action": "retry", "_selected_action": [failed.pk]})

    assert [e.pk for e in listed.context["cl"].result_list] == [failed.pk]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxEmail.Status.PENDING, 0)
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_outbox_admin_is_closed_to_province_administrators(province_admin):
    response = client_for(province_admin).get(reverse("admin:notifications_outboxemail_changelist"))

    assert response.status_code == 403


# --- the broker ----------------------------------------------------------------------

KICK_SCRIPT = """
import time, django
django.setup()
from apps.notifications.services import kick_outbox
started = time.monotonic()
kick_outbox()
print(f"{time.monotonic() - started:.1f}")
"""


@contextlib.contextmanager
def _silent_server():
    """A TCP port that accepts connections and never answers (a paused Redis)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


def _kick_with_broker(url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": url}
    return subprocess.run(
        [sys.executable, "-c", KICK_SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_kick_outbox_does_not_raise_when_redis_refuses_connections():
    result = _kick_with_broker("redis://127.0.0.1:1/0")

    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) < 15
    assert "broker unavailable" in result.stderr


def test_kick_outbox_does_not_hang_on_a_redis_that_never_answers():
    with _silent_server() as port:
        result = _kick_with_broker(f"redis://127.0.0.1:{port}/0")

    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) < 15


@pytest.fixture
def broker_down():
    """Point the Celery app at a closed port (kombu keeps one pool per broker URL)."""
    from config.celery import app

    def use(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    use("redis://127.0.0.1:1/0")
    yield
    use(previous)


@pytest.mark.django_db(transaction=True)
def test_change_committed_while_the_broker_is_down_is_emailed_later(
    officer, test_templates, broker_down
):
    with transaction.atomic():
        notify(users=[officer], template="test_notice", context={"name": "B"})
    waiting = OutboxEmail.objects.get().status

    sent = outbox_send_pending()

    assert waiting == OutboxEmail.Status.PENDING
    assert sent == 1
    assert mail.outbox[0].to == [officer.email]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_drains_the_outbox_through_redis(settings):
    (email,) = _queue(1)
    queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "WARNING",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        from apps.notifications.tasks import task_send_outbox

        task_send_outbox.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _status(email) != OutboxEmail.Status.SENT:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert _status(email) == OutboxEmail.Status.SENT


def _status(email):
    email.refresh_from_db()
    return email.status

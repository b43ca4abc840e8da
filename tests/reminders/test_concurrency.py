import datetime
import threading

import pytest
from django.db import connection

from apps.notifications.models import OutboxEmail
from apps.reminders.models import ReminderLog
from apps.reminders.services import reminders_send
from tests.reminders.test_services import world  # noqa: F401  (fixture)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(world):  # noqa: F811
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders_send(today=datetime.date(2026, 3, 23))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert OutboxEmail.objects.count() == 3
    assert ReminderLog.objects.count() == 3

import io

import pytest
from django.core.management import CommandError, call_command

from apps.notifications.models import Notification, OutboxEmail
from apps.reminders.models import ReminderLog
from tests.reminders.test_services import world  # noqa: F401  (fixture)


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_lists_who_would_be_reminded_and_writes_nothing(world):  # noqa: F811
    output = run("--date", "23/03/2026", "--dry-run")

    assert "officer@example.vn" in output
    assert "leader@example.vn" in output
    assert "other_officer@example.vn" in output
    assert "would remind 3 recipients" in output
    assert (ReminderLog.objects.count(), OutboxEmail.objects.count()) == (0, 0)
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_command_sends_what_the_beat_task_sends_once(world):  # noqa: F811
    first = run("--date", "23/03/2026")
    second = run("--date", "23/03/2026")
    dry = run("--date", "23/03/2026", "--dry-run")

    assert "3 e-mails queued" in first
    assert "0 e-mails queued" in second
    assert "would remind 0 recipients" in dry
    assert OutboxEmail.objects.count() == 3


@pytest.mark.django_db
def test_command_refuses_a_date_not_in_dd_mm_yyyy():
    with pytest.raises(CommandError):
        run("--date", "2026-03-23")

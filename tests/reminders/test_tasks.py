import datetime

import pytest
import time_machine
from django.conf import settings

from apps.reminders.models import ReminderLog
from apps.reminders.tasks import task_send_reminders
from config.celery import app
from tests.reminders.test_services import world  # noqa: F401  (fixture)


def test_beat_runs_the_reminder_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["send-deadline-reminders"]

    app.loader.import_default_modules()

    assert entry["task"] == task_send_reminders.name
    assert entry["task"] in app.tasks


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 3, 22, 17, 30, tzinfo=datetime.UTC))
def test_task_without_a_date_uses_todays_date_in_vietnam(world):  # noqa: F811
    # 17:30 UTC on 22/3 is 00:30 on 23/3 in Asia/Ho_Chi_Minh: 7 days before 30/3.
    queued = task_send_reminders.run()

    assert queued == 3
    assert set(ReminderLog.objects.values_list("offset_days", flat=True)) == {7}

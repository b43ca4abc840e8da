import datetime

from celery import shared_task

from apps.cycles.selectors import local_today
from apps.reminders.services import reminders_send


@shared_task(ignore_result=True)
def task_send_reminders(*, date: str | None = None) -> int:
    """The daily reconciler run by beat: send what is due on ``date`` (ISO, default
    today in Asia/Ho_Chi_Minh). Safe to run twice or retry: nothing is sent twice."""
    today = datetime.date.fromisoformat(date) if date else local_today()
    return reminders_send(today=today).emails

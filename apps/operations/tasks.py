from celery import shared_task
from django.utils import timezone

from apps.operations.backups import backup_create
from apps.operations.services import operations_alert


@shared_task(ignore_result=True)
def task_backup() -> str:
    """Back up the database and the media (beat, nightly); a second run while one is
    running does nothing."""
    path = backup_create(now=timezone.now())
    return str(path or "")


@shared_task(ignore_result=True)
def task_check_operations() -> dict:
    """Run the operations checks and e-mail the operators about new red ones (beat,
    every five minutes)."""
    return operations_alert(now=timezone.now())

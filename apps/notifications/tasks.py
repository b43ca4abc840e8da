from celery import shared_task

from apps.notifications.services import outbox_send_pending


@shared_task(ignore_result=True)
def task_send_outbox() -> int:
    """Send every due e-mail in the outbox (also run every minute by beat)."""
    return outbox_send_pending()

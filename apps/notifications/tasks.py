from celery import shared_task
from django.utils import timezone

from apps.notifications.services import notice_digests_send, outbox_send_pending


@shared_task(ignore_result=True)
def task_send_outbox() -> int:
    """Send every due e-mail in the outbox (also run every minute by beat)."""
    return outbox_send_pending()


@shared_task(ignore_result=True)
def task_send_notice_digests() -> int:
    """The daily digest of held notices (beat, at NOTICE_DIGEST_HOUR local time)."""
    return notice_digests_send(now=timezone.now())

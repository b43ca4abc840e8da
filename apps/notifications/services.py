from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.notifications.models import Notification, OutboxEmail
from apps.notifications.selectors import forget_unread_counts

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apps.accounts.models import User


logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def notify(
    *, users: Iterable[User], template: str, context: dict, path: str = "", dedupe_key: str = ""
) -> int:
    """Tell ``users`` about something, in the portal and by e-mail.

    ``path`` is the page to open (e.g. ``obj.get_absolute_url()``): the notification
    links to it and the e-mail gets it as ``url``, made absolute with SITE_URL.

    Renders ``templates/emails/<template>_{subject.txt,body.txt,body.html}`` in
    Vietnamese, writes one Notification and (for users with an address) one OutboxEmail
    per user in the caller's transaction, and asks the worker to send after commit.
    With ``dedupe_key`` a user already notified under that key is skipped, whether or
    not they have an e-mail address, also against a concurrent run. Returns how many
    e-mails were queued.
    """
    context = {
        **context,
        "url": settings.SITE_URL + path if path else "",
        "site_url": settings.SITE_URL,
    }
    queued = 0
    notified = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
            if key and Notification.objects.filter(dedupe_key=key).exists():
                continue
            ctx = {**context, "recipient": user}
            if _notify_once(user, template, ctx, path, key):
                notified.append(user.pk)
                queued += bool(user.email)
    if notified:
        transaction.on_commit(lambda: _after_notify(notified, kick=bool(queued)))
    return queued


def _after_notify(user_ids: list[int], *, kick: bool) -> None:
    """Once the notifications are committed: the menus' counts change, the mail goes."""
    if kick:
        kick_outbox()
    forget_unread_counts(user_ids)


def _notify_once(user, template, ctx, path, key) -> bool:
    """The notification and its e-mail under ``key``, both or neither: False when a
    concurrent run wrote that key first (it tells the user)."""
    subject = render_to_string(f"emails/{template}_subject.txt", ctx).strip()
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, message=subject[:500], url=path, dedupe_key=key)
            if user.email:
                OutboxEmail.objects.create(
                    to=user.email,
                    subject=subject[:255],
                    body_text=render_to_string(f"emails/{template}_body.txt", ctx),
                    body_html=render_to_string(f"emails/{template}_body.html", ctx),
                    dedupe_key=key,
                )
    except IntegrityError:
        return False
    return True


def kick_outbox() -> None:
    """Ask the worker to drain the outbox now; if the broker is down the periodic
    drain picks the rows up later, so a failure here loses nothing."""
    from apps.notifications.tasks import task_send_outbox

    try:
        task_send_outbox.delay()
    except Exception:  # broker unreachable: the beat drain will send them
        logger.warning("broker unavailable; outbox will be drained later", exc_info=True)


def outbox_send_pending(*, limit: int = 200) -> int:
    """Send due e-mails, each exactly once: a row is claimed by a conditional update
    (pending → sending) before it is sent, so parallel drains never share a row."""
    now = timezone.now()
    due = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    sent = 0
    for pk in due.order_by("id").values_list("pk", flat=True)[:limit]:
        claimed = OutboxEmail.objects.filter(pk=pk, status=OutboxEmail.Status.PENDING).update(
            status=OutboxEmail.Status.SENDING, attempts=F("attempts") + 1
        )
        if claimed:
            sent += _deliver(OutboxEmail.objects.get(pk=pk))
    return sent


def _deliver(email: OutboxEmail) -> int:
    message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # SMTP trouble: retry with back-off, then give up visibly
        failed = email.attempts >= MAX_ATTEMPTS
        email.status = OutboxEmail.Status.FAILED if failed else OutboxEmail.Status.PENDING
        email.last_error = str(exc)[:2000]
        email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
        email.save(update_fields=["status", "last_error", "next_attempt_at"])
        return 0
    email.status = OutboxEmail.Status.SENT
    email.sent_at = timezone.now()
    email.save(update_fields=["status", "sent_at"])
    return 1


def notifications_mark_read(*, user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all of them, or those in ``pks``);
    other users' rows are never touched. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    changed = unread.update(read_at=timezone.now())
    if changed:
        transaction.on_commit(lambda: forget_unread_counts([user.pk]))
    return changed


def outbox_retry_failed(*, pks: Iterable[int]) -> int:
    """Queue failed e-mails again with a fresh count of attempts; returns how many."""
    count = OutboxEmail.objects.filter(pk__in=pks, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=None
    )
    if count:
        transaction.on_commit(kick_outbox)
    return count

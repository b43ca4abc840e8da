from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted
from apps.notifications.enums import CHOOSABLE_KINDS, FIXED_KINDS, Channel, kind_of
from apps.notifications.models import NoticePreferences, Notification, OutboxEmail
from apps.notifications.selectors import forget_unread_count

if TYPE_CHECKING:
    from collections.abc import Iterable


logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass
class Notice:
    """One thing to tell ``users`` (the arguments of ``notify``)."""

    users: Iterable[User]
    template: str
    context: dict
    path: str = ""
    dedupe_key: str = ""


def notify(
    *, users: Iterable[User], template: str, context: dict, path: str = "", dedupe_key: str = ""
) -> int:
    """Tell ``users`` about something, in the portal and by e-mail.

    ``path`` is the page to open (e.g. ``obj.get_absolute_url()``): the notification
    links to it and the e-mail gets it as ``url``, made absolute with SITE_URL.

    Renders ``templates/emails/<template>_{subject.txt,body.txt,body.html}`` in
    Vietnamese, writes one Notification and (for users with an address who want
    e-mail) one OutboxEmail per user in the caller's transaction, and asks the worker
    to send after commit. Each user's ``NoticePreferences`` for the template's kind
    decide: not shown in the portal, no e-mail, or the e-mail held for their daily
    digest (reminders and security mails ignore preferences). With ``dedupe_key`` a
    user already notified under that key is skipped, whether or not they have an
    e-mail address, also against a concurrent run. Returns how many e-mails were queued.
    """
    notice = Notice(users=users, template=template, context=context, path=path,
                    dedupe_key=dedupe_key)  # fmt: skip
    return notify_many(notices=[notice])


def notify_many(*, notices: Iterable[Notice]) -> int:
    """``notify`` for many notices at once (e.g. a decision's units, a day's
    reminders): one query for the keys already told and the recipients' preferences,
    one INSERT of the notifications, one of the e-mails, one after-commit hook.

    Exactly once: the notifications are inserted with ``ON CONFLICT DO NOTHING`` on
    their dedupe key, which skips a key another transaction committed or is committing,
    and only the rows this INSERT wrote get an e-mail. Returns how many e-mails were
    queued (held digest e-mails are not counted)."""
    rows = _rows(notices)
    if not rows:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            row.subject = _render(row, "subject.txt").strip()
        new = _insert_notifications(rows)
        emails = [_email(row) for row in rows if row.index in new and row.mailed]
    # A key is new here only if its notification was, so the outbox cannot hold it yet
    # (ignore_conflicts only keeps a stray row from aborting the caller's transaction).
    OutboxEmail.objects.bulk_create(emails, ignore_conflicts=True)
    for index in new:
        forget_unread_count(rows[index].user)  # the page being answered counts again
    if emails:
        transaction.on_commit(kick_outbox)
    return len(emails)


@dataclass
class _Row:
    """One user's notification of one notice, as their preferences make it."""

    index: int
    notice: Notice
    user: User
    key: str | None
    context: dict
    shown: bool
    mailed: bool  # an e-mail now
    digest: bool  # an e-mail in tomorrow's digest
    subject: str = ""


def _rows(notices: Iterable[Notice]) -> list[_Row]:
    """A row per (notice, user), each user once per notice and per key, less the keys
    already told (one query), shaped by the users' preferences (one query)."""
    pairs, keys = [], set()
    for notice in notices:
        for user in {u.pk: u for u in notice.users}.values():
            key = f"{notice.dedupe_key}:{user.pk}" if notice.dedupe_key else None
            if key is None or key not in keys:  # a key listed twice is told once
                pairs.append((notice, user, key))
            if key:
                keys.add(key)
    told = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    pairs = [(n, u, key) for n, u, key in pairs if key is None or key not in told]
    preferences = {
        p.user_id: p
        for p in NoticePreferences.objects.filter(user_id__in={u.pk for _n, u, _k in pairs})
    }
    return [
        _row(index, notice, user, key, preferences.get(user.pk))
        for index, (notice, user, key) in enumerate(pairs)
    ]


def _row(index: int, notice: Notice, user: User, key, own: NoticePreferences | None) -> _Row:
    """How ``user`` is told ``notice``, by their preferences for its kind."""
    kind = kind_of(notice.template)
    channel = own.channel(kind) if own else Channel.BOTH
    emailed = channel in (Channel.BOTH, Channel.EMAIL) and bool(user.email)
    digest = emailed and own is not None and own.daily_digest and kind not in FIXED_KINDS
    # "By e-mail only" without an address would tell them nothing: the portal shows it.
    shown = channel in (Channel.BOTH, Channel.PORTAL) or (
        channel == Channel.EMAIL and not user.email
    )
    context = {
        **notice.context,
        "url": settings.SITE_URL + notice.path if notice.path else "",
        "site_url": settings.SITE_URL,
        "recipient": user,
    }
    return _Row(
        index, notice, user, key, context, shown=shown, mailed=emailed and not digest, digest=digest
    )


def _render(row: _Row, part: str) -> str:
    return render_to_string(f"emails/{row.notice.template}_{part}", row.context)


def _email(row: _Row) -> OutboxEmail:
    return OutboxEmail(
        to=row.user.email,
        subject=row.subject[:255],
        body_text=_render(row, "body.txt"),
        body_html=_render(row, "body.html"),
        dedupe_key=row.key,
    )


def _insert_notifications(rows: list[_Row]) -> set[int]:
    """One INSERT of the rows' notifications; the indexes of the rows it wrote (a key
    committed, or being committed, by another run is skipped)."""
    sql = (
        f"INSERT INTO {Notification._meta.db_table} "
        "(user_id, message, url, dedupe_key, shown, digest, created_at) "
        "SELECT *, %s FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], "
        "%s::varchar[], %s::boolean[], %s::boolean[]) "
        "ON CONFLICT DO NOTHING RETURNING user_id, dedupe_key"
    )
    params = [
        timezone.now(),
        [row.user.pk for row in rows],
        [row.subject[:500] for row in rows],
        [row.notice.path for row in rows],
        [row.key for row in rows],
        [row.shown for row in rows],
        [row.digest for row in rows],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = set(cursor.fetchall())
    return {row.index for row in rows if (row.user.pk, row.key) in written}


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
        forget_unread_count(user)
    return changed


def outbox_retry_failed(*, pks: Iterable[int]) -> int:
    """Queue failed e-mails again with a fresh count of attempts; returns how many."""
    count = OutboxEmail.objects.filter(pk__in=pks, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=None
    )
    if count:
        transaction.on_commit(kick_outbox)
    return count


def notice_preferences_set(
    *,
    user: User,
    by: User,
    channels: dict[str, str],
    daily_digest: bool,
    now: datetime.datetime | None = None,
) -> NoticePreferences:
    """Save how ``user`` wants to be told per kind of notice, and whether their e-mails
    come in one daily digest; only the user may (``notifications.set_preferences``).

    Effects: the user's NoticePreferences row (kinds that cannot be silenced are not
    stored); audit "preferences". Notices already written keep how they were told."""
    if not can(by, "notifications.set_preferences", user):
        raise NotPermitted(_("You may change only your own notice preferences."))
    choosable = {kind.value for kind in CHOOSABLE_KINDS}
    values = {
        "channels": {k: v for k, v in channels.items() if k in choosable and v in Channel.values},
        "daily_digest": daily_digest,
    }
    with transaction.atomic():
        preferences, _created = NoticePreferences.objects.update_or_create(
            user=user, defaults=values
        )
        audit_record(actor=by, target=preferences, action="preferences", data=values, at=now)
    return preferences


def notice_digests_send(*, now: datetime.datetime) -> int:
    """Send each user whose e-mails wait for the daily digest one e-mail listing those
    notices (each with its link), exactly once even when two runs overlap: a user's
    waiting notifications are claimed by a conditional update (``digested_at`` set
    where still empty) in the same transaction that queues the e-mail, so a second run
    finds none of them. Returns how many digests were queued."""
    waiting = Notification.objects.filter(digest=True, digested_at__isnull=True)
    queued = 0
    for user in User.objects.filter(pk__in=waiting.values("user_id")).order_by("pk"):
        with transaction.atomic():
            claimed = _claim_digest(user, now)
            if claimed and user.email:
                OutboxEmail.objects.create(**_digest_email(user, claimed))
                queued += 1
    if queued:
        transaction.on_commit(kick_outbox)
    return queued


def _claim_digest(user: User, now: datetime.datetime) -> list[Notification]:
    """The user's waiting notifications this run claimed, oldest first."""
    sql = (
        f"UPDATE {Notification._meta.db_table} SET digested_at = %s "
        "WHERE user_id = %s AND digest AND digested_at IS NULL RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, user.pk])
        ids = [pk for (pk,) in cursor.fetchall()]
    return list(Notification.objects.filter(pk__in=ids).order_by("created_at", "pk"))


def _digest_email(user: User, notifications: list[Notification]) -> dict:
    context = {
        "recipient": user,
        "notifications": notifications,
        "site_url": settings.SITE_URL,
        "notifications_url": settings.SITE_URL + reverse("notifications:list"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject, text, html = (
            render_to_string(f"emails/notice_digest_{part}", context)
            for part in ("subject.txt", "body.txt", "body.html")
        )
    return {"to": user.email, "subject": subject.strip()[:255], "body_text": text,
            "body_html": html}  # fmt: skip

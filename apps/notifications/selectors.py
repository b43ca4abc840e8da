from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

from apps.notifications.models import Notification

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apps.accounts.models import User


def notifications_for(*, user: User):
    """The user's in-portal notifications, newest first (not those of a kind they
    chose not to see in the portal)."""
    return Notification.objects.filter(user=user, shown=True)


def unread_count(*, user: User) -> int:
    """How many of the user's notifications are unread: the menu shows it on every
    page, so it is kept in the cache per user (two cache reads, no query) until
    ``forget_unread_counts`` drops it when a notification is created or read.

    The count is stored under the user's current version, read *before* counting: a
    count taken just before a change commits lands under the version that the change
    then replaces, so it is never read. A Redis that is away reads as a miss (count in
    the database); UNREAD_COUNT_CACHE_SECONDS bounds how long a drop lost during such an
    outage can show a stale count, and 0 turns the cache off.
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    seconds = settings.UNREAD_COUNT_CACHE_SECONDS
    if not seconds:
        return _count(user)
    version = cache.get(_version_key(user.pk))
    if version is None:  # first count for this user, or the cache was emptied
        cache.add(_version_key(user.pk), uuid.uuid4().hex, timeout=None)
        return _count(user)
    count = cache.get(_count_key(user.pk, version))
    if count is None:
        count = _count(user)
        cache.set(_count_key(user.pk, version), count, timeout=seconds)
    return count


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these users (call after the change commits)."""
    if not settings.UNREAD_COUNT_CACHE_SECONDS:
        return
    cache.set_many({_version_key(pk): uuid.uuid4().hex for pk in set(user_ids)}, timeout=None)


def _count(user: User) -> int:
    return notifications_for(user=user).filter(read_at__isnull=True).count()


def _version_key(user_id: int) -> str:
    return f"unread-version:{user_id}"


def _count_key(user_id: int, version: str) -> str:
    return f"unread-count:{user_id}:{version}"

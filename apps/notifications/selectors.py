from __future__ import annotations

from typing import TYPE_CHECKING

from apps.notifications.models import Notification

if TYPE_CHECKING:
    from apps.accounts.models import User


def notifications_for(*, user: User):
    """The user's in-portal notifications, newest first."""
    return Notification.objects.filter(user=user)


def unread_count(*, user: User) -> int:
    """How many of the user's notifications are unread (one indexed count)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Func, OuterRef, QuerySet, Subquery

from apps.notifications.models import Notification

if TYPE_CHECKING:
    from apps.accounts.models import User


def notifications_for(*, user: User):
    """The user's in-portal notifications, newest first (not those of a kind they
    chose not to see in the portal)."""
    return Notification.objects.filter(user=user, shown=True)


UNREAD = "unread_notifications"


def with_unread_count(users: QuerySet) -> QuerySet:
    """``users``, each counting their unread notifications in the same query (as
    ``unread_notifications``): the signed-in user is loaded this way
    (``apps.accounts.backends``), so the menu's count costs no query of its own."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), shown=True, read_at__isnull=True)
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return users.annotate(**{UNREAD: Subquery(unread)})


def unread_count(*, user: User) -> int:
    """How many of the user's notifications are unread (the menu shows it on every
    page): the count read with the user when a request loaded them, else one query.
    Exact on every page: nothing is kept between requests."""
    if not getattr(user, "is_authenticated", False):
        return 0
    counted = getattr(user, UNREAD, None)
    return _count(user) if counted is None else counted


def forget_unread_count(user: User) -> None:
    """Drop the count read with ``user`` (after their notifications changed in the
    same request), so the page counts again."""
    if hasattr(user, UNREAD):
        delattr(user, UNREAD)  # on the user itself, also through request.user's proxy


def _count(user: User) -> int:
    return notifications_for(user=user).filter(read_at__isnull=True).count()

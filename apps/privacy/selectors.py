"""What the portal holds about one person, read in a fixed number of queries (seven,
whatever they did): their profile (the user row itself), memberships, notifications
counted, audit rows they wrote, e-mails to their address and two-factor devices (their
names and dates, never a secret). Only ``user``'s own rows are read."""

from __future__ import annotations

from django.db.models import Count, Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import Membership, User
from apps.core.models import AuditEvent
from apps.notifications.models import NoticePreferences, OutboxEmail

# The page lists the newest rows; the download holds them all.
PAGE_ROWS = 50


def my_data(*, user: User, limit: int | None = PAGE_ROWS) -> dict:
    """{"profile", "memberships", "notifications", "audit", "audit_count", "emails",
    "email_count", "devices", "preferences"} for ``user``; the audit and e-mail lists
    cut at ``limit`` newest rows (None: all)."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("unit")
        .order_by("-starts_on", "unit__path", "id")
    )
    notifications = user.notifications.aggregate(
        total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True))
    )
    audit_rows = AuditEvent.objects.filter(actor=user).select_related("content_type")
    audit_count = audit_rows.count()
    emails = OutboxEmail.objects.none()
    if user.email:
        emails = OutboxEmail.objects.filter(to__iexact=user.email).only(
            "to", "subject", "status", "created_at", "sent_at"
        )
    emails = list(emails[:limit] if limit else emails)
    devices = [
        *TOTPDevice.objects.filter(user=user).values("name", "confirmed", "created_at"),
        *StaticDevice.objects.filter(user=user).values("name", "confirmed", "created_at"),
    ]
    preferences = NoticePreferences.objects.filter(user=user).first()
    return {
        "profile": _profile(user),
        "memberships": memberships,
        "notifications": notifications,
        "audit": list(audit_rows[:limit] if limit else audit_rows),
        "audit_count": audit_count,
        "emails": emails,
        "devices": devices,
        "preferences": preferences,
    }


def _profile(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "email": user.email,
        "phone": user.phone,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "two_factor_enabled": user.two_factor_enabled,
    }


def my_data_document(*, user: User) -> dict:
    """Everything of ``my_data`` as plain JSON-ready values, every row included."""
    data = my_data(user=user, limit=None)
    preferences = data["preferences"]
    return {
        "profile": {k: _plain(v) for k, v in data["profile"].items()},
        "memberships": [
            {
                "unit": m.unit.name,
                "role": m.get_role_display(),
                "from": _plain(m.starts_on),
                "until": _plain(m.ends_on),
            }
            for m in data["memberships"]
        ],
        "notifications": data["notifications"],
        "notice_preferences": (
            {"channels": preferences.channels, "daily_digest": preferences.daily_digest}
            if preferences
            else None
        ),
        "audit": [
            {
                "time": _plain(e.created_at),
                "action": e.action,
                "object": f"{e.content_type.app_label}.{e.content_type.model}#{e.object_id}",
                "from_state": e.from_state,
                "to_state": e.to_state,
                "comment": e.comment,
            }
            for e in data["audit"]
        ],
        "emails": [
            {
                "to": e.to,
                "subject": e.subject,
                "status": e.status,
                "queued_at": _plain(e.created_at),
                "sent_at": _plain(e.sent_at),
            }
            for e in data["emails"]
        ],
        "two_factor_devices": [
            {k: _plain(v) for k, v in device.items()} for device in data["devices"]
        ],
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value

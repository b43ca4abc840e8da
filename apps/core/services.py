from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.core.models import AuditEvent

if TYPE_CHECKING:
    from django.db import models

    from apps.accounts.models import User


def audit_record(
    *,
    actor: User,
    target: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> AuditEvent:
    """Write the audit row of one step or edit (call inside its transaction), dated
    ``at`` (default now)."""
    event = audit_event(
        actor=actor,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data,
        at=at,
    )
    event.save()
    return event


def audit_event(
    *,
    actor: User,
    content_type: ContentType,
    object_id: int | str,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> AuditEvent:
    """An unsaved audit row (for ``bulk_create`` in batch steps)."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=content_type,
        object_id=str(object_id),
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
        created_at=at or timezone.now(),
    )

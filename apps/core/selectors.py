from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models

from django.contrib.contenttypes.models import ContentType

from apps.core.models import AuditEvent


def audit_history(*, target: models.Model):
    """The audit trail of one object, newest first, with actors (one query)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor")

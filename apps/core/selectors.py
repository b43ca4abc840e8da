from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType

from apps.core.models import AuditEvent

if TYPE_CHECKING:
    from django.db import models


def audit_history(*, target: models.Model):
    """The audit trail of one object, newest first, with actors (one query)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor")


def labelled_history(
    *, target: models.Model, choices: type[models.Choices], actions: Mapping[str, str]
) -> list:
    """The audit trail of ``target``, newest first (one query), each event carrying
    ``action_label`` (from ``actions``, the workflow's ``HISTORY_LABELS``) and
    ``from_label`` / ``to_label`` (from ``choices``): what ``includes/_history.html``
    shows."""
    states = dict(choices.choices)
    events = list(audit_history(target=target))
    for event in events:
        event.action_label = actions.get(event.action, event.action)
        event.from_label = states.get(event.from_state, event.from_state)
        event.to_label = states.get(event.to_state, event.to_state)
    return events

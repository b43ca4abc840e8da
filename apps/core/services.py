from django.contrib.contenttypes.models import ContentType

from apps.core.models import AuditEvent


def audit_record(
    *,
    actor,
    target,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Write the audit row of one workflow step (call inside the step's transaction)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )

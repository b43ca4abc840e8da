"""Helpers shared by the decisions views."""

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.decisions.models import Decision


def decision_or_404(user, action: str, pk: int) -> Decision:
    return get_object_in_reach_or_404(
        Decision.objects.select_related("authority"), user, action, pk=pk
    )

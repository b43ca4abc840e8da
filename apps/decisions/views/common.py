"""Helpers shared by the decisions views."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.decisions.models import Decision


def decision_or_404(user, action: str, pk: int) -> Decision:
    return get_object_in_reach_or_404(
        Decision.objects.select_related("authority"), user, action, pk=pk
    )


def error_text(exc: Exception) -> str:
    """A refusal from a service, as the message shown beside the form."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this for this authority.")

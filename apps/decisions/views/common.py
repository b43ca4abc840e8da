"""Helpers shared by the decisions views."""

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.core.workflow import Action, Workflow, available_steps
from apps.decisions.models import Decision


def decision_or_404(user, action: str, pk: int) -> Decision:
    return get_object_in_reach_or_404(
        Decision.objects.select_related("authority"), user, action, pk=pk
    )


def steps_by_verb(workflow: Workflow, obj, user) -> dict[str, Action]:
    """The steps the user could take from ``obj``'s state, by verb (the page places
    each beside its own form), each with why it is not possible yet, computed by the
    service's own checks."""
    actions = available_steps(workflow, obj, user=user, namespace="decisions")
    return {action.verb: action for action in actions}

from apps.accounts.permissions import get_object_in_reach_or_404, require
from apps.dossiers.selectors import dossier_for_page


def dossier_or_404(request, pk: int, *actions: str):
    """The dossier if the user may see it and take ``actions`` on it; else 404."""
    dossier = get_object_in_reach_or_404(dossier_for_page(), request.user, "dossiers.view", pk=pk)
    for action in actions:
        require(request.user, action, dossier)
    return dossier

from apps.accounts.permissions import get_object_in_reach_or_404, require
from apps.dossiers.selectors import dossier_for_page, dossier_for_write


def dossier_or_404(request, pk: int, *actions: str):
    """The dossier if the user may see it and take ``actions`` on it; else 404. A POST
    (a save, a step) joins only what the permission rules read; the page's other
    relations load if a refused POST shows the page again."""
    rows = dossier_for_page() if request.method == "GET" else dossier_for_write()
    dossier = get_object_in_reach_or_404(rows, request.user, "dossiers.view", pk=pk)
    for action in actions:
        require(request.user, action, dossier)
    return dossier

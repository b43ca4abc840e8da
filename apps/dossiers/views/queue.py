from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.enums import SUPERVISORS
from apps.accounts.permissions import get_object_in_reach_or_404, holds_role_anywhere
from apps.brightspots.models import BrightSpot
from apps.core import params
from apps.core.pagination import PAGE_SIZE
from apps.core.steps import run_service
from apps.dossiers.forms import QueueFilterForm
from apps.dossiers.selectors import (
    bright_spots_awaiting_dossier,
    default_queue_state,
    dossier_queue,
    queue_page,
)
from apps.dossiers.services import dossier_create
from apps.units.permissions import unit_in_reach_or_404


@login_required
def queue(request):
    """Dossiers in the user's reach or granted to them, with filters; appraisers
    start on those waiting for appraisal."""
    data = request.GET.copy()
    data.setdefault("state", default_queue_state(request.user))
    form = QueueFilterForm(data, user=request.user)
    form.is_valid()  # an invalid filter is ignored; the valid ones still apply
    filters = form.cleaned_data
    unit = unit_in_reach_or_404(request.user, params.key(request.GET, "unit"))
    dossiers = dossier_queue(
        user=request.user,
        kind=filters.get("kind", ""),
        state=filters.get("state", ""),
        text=filters.get("q", ""),
        days=filters.get("days"),
        unit=unit,
    )
    page = queue_page(dossiers, request.GET.get("page"), per_page=PAGE_SIZE)
    now = timezone.now()
    for dossier in page:
        dossier.waiting_days = dossier.days_waiting(now)
    # Each row's unit links to the same filters for that unit, from page 1: the query
    # string is built once here rather than by a tag on every row.
    kept = request.GET.copy()
    for name in ("unit", "page"):
        kept.pop(name, None)
    unit_filter = f"?{kept.urlencode()}&unit=" if kept else "?unit="
    return render(
        request,
        "dossiers/dossier_queue.html",
        {
            "form": form,
            "page": page,
            "unit": unit,
            "unit_filter": unit_filter,
            "awaiting": bright_spots_awaiting_dossier(user=request.user),
            # The menu calls this page "Appraisal" for the people it offers it to.
            "title": _("Appraisal")
            if holds_role_anywhere(request.user, SUPERVISORS)
            else _("Recognition dossiers"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_for_bright_spot(request, bright_spot_pk: int):
    """The dossier of a bright spot: shown if it exists, opened on POST otherwise."""
    spot = get_object_in_reach_or_404(
        BrightSpot.objects.select_related("unit"),
        request.user,
        "dossiers.create",
        pk=bright_spot_pk,
    )
    if hasattr(spot, "dossier"):  # a reverse one-to-one: False when there is none
        return redirect(spot.dossier)
    if request.method == "GET":
        return render(request, "dossiers/dossier_open.html", {"bright_spot": spot})
    outcome = run_service(
        request,
        dossier_create,
        done=_("The dossier is open: fill in the self-assessment, then submit."),
        bright_spot=spot,
    )
    return redirect(outcome.value) if outcome.ok else redirect("dossiers:queue")

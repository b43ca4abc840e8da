"""The public showcase step of a recognised bright spot, from its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.brightspots import services
from apps.brightspots.forms import PublicationForm, UnpublishForm
from apps.brightspots.models import BrightSpot
from apps.core.steps import run_service


def _spot(request, pk: int) -> BrightSpot:
    return get_object_in_reach_or_404(
        BrightSpot.objects.select_related("unit"), request.user, "brightspots.view", pk=pk
    )


def _refuse_invalid(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def publication_agree(request, pk: int):
    spot = _spot(request, pk)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        _refuse_invalid(request, form)
        return redirect(spot)
    run_service(
        request,
        services.publication_agree,
        done=_("Agreed: the publishers have been asked to show it."),
        bright_spot=spot,
        summary=form.cleaned_data["summary"],
        effect=form.cleaned_data["effect"],
    )
    return redirect(spot)


@login_required
@require_POST
def publish(request, pk: int):
    spot = _spot(request, pk)
    run_service(
        request,
        services.bright_spot_publish,
        done=_("The bright spot is on the public showcase; the unit has been told."),
        bright_spot=spot,
    )
    return redirect(spot)


@login_required
@require_POST
def unpublish(request, pk: int):
    spot = _spot(request, pk)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        _refuse_invalid(request, form)
        return redirect(spot)
    run_service(
        request,
        services.bright_spot_unpublish,
        done=_("Taken off the public showcase."),
        bright_spot=spot,
        reason=form.cleaned_data["reason"],
    )
    return redirect(spot)

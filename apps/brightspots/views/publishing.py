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


def _step(request, pk: int, service, *, done: str, form_class=None):
    """Run ``service`` on the spot with the form's fields as its arguments (their names
    are the service's); an invalid form says why in messages. Back to the spot's page."""
    spot = get_object_in_reach_or_404(
        BrightSpot.objects.select_related("unit"), request.user, "brightspots.view", pk=pk
    )
    values = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(spot)
        values = form.cleaned_data
    run_service(request, service, done=done, bright_spot=spot, **values)
    return redirect(spot)


@login_required
@require_POST
def publication_agree(request, pk: int):
    return _step(
        request,
        pk,
        services.publication_agree,
        done=_("Agreed: the publishers have been asked to show it."),
        form_class=PublicationForm,
    )


@login_required
@require_POST
def publish(request, pk: int):
    return _step(
        request,
        pk,
        services.bright_spot_publish,
        done=_("The bright spot is on the public showcase; the unit has been told."),
    )


@login_required
@require_POST
def unpublish(request, pk: int):
    return _step(
        request,
        pk,
        services.bright_spot_unpublish,
        done=_("Taken off the public showcase."),
        form_class=UnpublishForm,
    )

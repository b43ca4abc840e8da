"""The boards' inbox acting on several lists at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.accounts.permissions import require
from apps.brightspots import services
from apps.brightspots.models import RegistrationRouting

# At most one inbox page at a time (its page size).
MAX_LISTS = 50


@login_required
@require_POST
def inbox_acknowledge(request):
    """Acknowledge the ticked parts of lists routed to the user's boards. Ids out of the
    user's inbox are ignored; each part refused is named with its reason."""
    require(request.user, "brightspots.inbox")
    ids = [int(pk) for pk in request.POST.getlist("routing") if pk.isdigit()][:MAX_LISTS]
    routings = list(
        RegistrationRouting.objects.received_by(request.user)
        .filter(pk__in=ids)
        .select_related("registration_list__unit")
        .order_by("pk")
    )
    if not routings:
        messages.error(request, _("Tick the lists to acknowledge first."))
        return redirect("brightspots:inbox")
    outcome = services.routings_acknowledge(routings=routings, by=request.user)
    if outcome.acknowledged:
        count = len(outcome.acknowledged)
        messages.success(
            request,
            ngettext(
                "%(count)d list acknowledged; its unit has been told.",
                "%(count)d lists acknowledged; their units have been told.",
                count,
            )
            % {"count": count},
        )
    for routing, reason in outcome.refused:
        messages.error(request, f"{routing.registration_list.unit.name}: {reason}")
    return redirect("brightspots:inbox")

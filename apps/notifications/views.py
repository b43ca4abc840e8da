from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.notifications.selectors import notifications_for
from apps.notifications.services import notifications_mark_read


@require_GET
@login_required
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk: int):
    """Mark one of the user's notifications read and open what it is about."""
    notification = get_object_or_404(notifications_for(user=request.user), pk=pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if notification.url and safe else "notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")

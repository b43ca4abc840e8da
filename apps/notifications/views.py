from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.steps import run_service
from apps.notifications.enums import CHOOSABLE_KINDS, Channel
from apps.notifications.forms import NoticePreferencesForm
from apps.notifications.models import NoticePreferences
from apps.notifications.selectors import notifications_for
from apps.notifications.services import notice_preferences_set, notifications_mark_read


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


@require_http_methods(["GET", "POST"])
@login_required
def notice_preferences(request):
    """The signed-in user's own notice preferences (no one else's: there is no id)."""
    saved = NoticePreferences.objects.filter(user=request.user).first()
    initial = {"daily_digest": bool(saved and saved.daily_digest)}
    initial |= {
        kind.value: saved.channel(kind) if saved else Channel.BOTH for kind in CHOOSABLE_KINDS
    }
    form = NoticePreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            notice_preferences_set,
            done=_("Your notice preferences were saved."),
            form=form,
            user=request.user,
            channels=form.channels(),
            daily_digest=form.cleaned_data["daily_digest"],
        )
        if outcome.ok:
            return redirect("notifications:preferences")
    return render(request, "notifications/notice_preferences.html", {"form": form})

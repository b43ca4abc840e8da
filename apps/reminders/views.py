from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.accounts.permissions import require
from apps.cycles.enums import DeadlineKind
from apps.reminders.enums import DeliveryStatus, ReminderKind
from apps.reminders.permissions import reminder_logs_visible_to
from apps.reminders.selectors import filter_reminder_logs, with_delivery


@login_required
@require_GET
def reminder_log_list(request):
    """What was sent, to whom, when, and what failed (administrators)."""
    require(request.user, "reminders.view_log")
    logs = filter_reminder_logs(with_delivery(reminder_logs_visible_to(request.user)), request.GET)
    totals = dict(
        logs.order_by().values_list("delivery").annotate(n=Count("pk")).values_list("delivery", "n")
    )
    page = Paginator(logs.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/reminderlog_list.html",
        {
            "page": page,
            "totals": [(s, label, totals.get(s, 0)) for s, label in DeliveryStatus.choices],
            "kinds": ReminderKind.choices,
            "deadlines": DeadlineKind.choices,
            "statuses": DeliveryStatus.choices,
            "filters": request.GET,
        },
    )

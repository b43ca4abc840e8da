from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, SubtreeAdminMixin
from apps.reminders.models import ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    """Read-only: rows are written by the reminder run only."""

    list_display = (
        "created_at",
        "kind",
        "deadline",
        "due_date",
        "offset_days",
        "unit",
        "recipient",
    )
    list_filter = ("kind", "deadline", "cycle__year")
    search_fields = ("unit__name", "recipient__full_name", "recipient__email")
    list_select_related = ("unit", "recipient")
    date_hierarchy = "created_at"

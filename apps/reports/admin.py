from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, SubtreeAdminMixin
from apps.reports.models import ReviewReport


@admin.register(ReviewReport)
class ReviewReportAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    """Read-only: reports are written and submitted by their units in the portal."""

    list_display = ("unit", "cycle", "status", "is_late", "submitted_at")
    list_filter = ("status", "is_late", "cycle__year")
    search_fields = ("unit__name",)
    list_select_related = ("unit", "cycle")

from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin
from apps.accounts.permissions import is_superuser
from apps.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The whole audit trail, for superusers: events point at objects of every app and
    carry no unit of their own, so they cannot be narrowed to a subtree here."""

    list_display = ["created_at", "actor", "action", "content_type", "object_id", "to_state"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]

    def has_module_permission(self, request):
        return is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request.user)

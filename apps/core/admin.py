from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, is_portal_admin
from apps.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_id", "to_state"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]

    def has_module_permission(self, request):
        return is_portal_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts.admin_site import ReadOnlyAdminMixin
from apps.accounts.permissions import is_superuser
from apps.notifications.models import OutboxEmail
from apps.notifications.services import outbox_retry_failed


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Outgoing e-mails for superusers: what is waiting, what was sent, and what
    failed after the last try (with the error), which can be queued again."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    actions = ["retry"]

    def has_module_permission(self, request):
        return is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request.user)

    def has_retry_permission(self, request):
        return is_superuser(request.user)

    @admin.action(description=_("Send the failed e-mails again"), permissions=["retry"])
    def retry(self, request, queryset):
        count = outbox_retry_failed(pks=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(n)d e-mail queued again.", "%(n)d e-mails queued again.", count)
            % {"n": count},
            messages.SUCCESS,
        )

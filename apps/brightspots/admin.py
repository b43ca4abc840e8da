"""Read-only admin views: bright spots and lists change only through the services
(pages in the portal), so the admin never bypasses the workflow checks and audit."""

from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, SubtreeAdminMixin
from apps.brightspots.models import (
    BrightSpot,
    Directive,
    PlanActivity,
    ProgressUpdate,
    RegistrationList,
    RegistrationRouting,
)


class PlanActivityInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanActivity
    extra = 0


@admin.register(BrightSpot)
class BrightSpotAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "cycle", "kind", "status"]
    list_filter = ["kind", "status", "cycle__year"]
    search_fields = ["name", "address", "unit__name"]
    list_select_related = ["unit", "cycle__province"]
    inlines = [PlanActivityInline]


@admin.register(RegistrationList)
class RegistrationListAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "cycle", "status", "sent_at", "is_late"]
    list_filter = ["status", "is_late", "cycle__year"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "cycle__province"]


@admin.register(RegistrationRouting)
class RegistrationRoutingAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "registration_list__unit"
    list_display = ["registration_list", "kind", "board", "status", "sent_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["registration_list__unit", "registration_list__cycle", "board"]

    def _unit_of(self, obj):
        return obj.registration_list.unit


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "cycle", "number", "issued_on"]
    list_select_related = ["unit", "cycle__province"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "bright_spot__unit"
    list_display = ["bright_spot", "submitted_at", "is_late"]
    list_select_related = ["bright_spot"]

    def _unit_of(self, obj):
        return obj.bright_spot.unit

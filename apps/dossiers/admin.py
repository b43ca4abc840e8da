"""Read-only admin views: dossiers change only through the services (the portal's
pages), so the admin never bypasses the workflow checks, the locking or the audit."""

from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, SubtreeAdminMixin
from apps.dossiers.models import Attachment, CriterionAssessment, Dossier, DossierVersion


class AssessmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CriterionAssessment
    extra = 0
    fields = ["criterion", "level", "score", "finding_level", "finding_score"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "bright_spot__unit"
    list_display = ["bright_spot", "status", "state_changed_at", "conclusion", "letter_number"]
    list_filter = ["status", "bright_spot__kind", "bright_spot__cycle__year"]
    search_fields = ["bright_spot__name", "bright_spot__unit__name", "letter_number"]
    list_select_related = ["bright_spot__unit"]
    inlines = [AssessmentInline]

    def _unit_of(self, obj):
        return obj.bright_spot.unit


@admin.register(DossierVersion)
class DossierVersionAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "dossier__bright_spot__unit"
    list_display = ["dossier", "number", "submitted_at", "submitted_by"]
    list_select_related = ["dossier__bright_spot", "submitted_by"]

    def _unit_of(self, obj):
        return obj.dossier.bright_spot.unit


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "dossier__bright_spot__unit"
    list_display = ["name", "dossier", "purpose", "size", "is_submitted", "removed_at"]
    list_filter = ["purpose", "is_submitted"]
    list_select_related = ["dossier__bright_spot"]
    exclude = ["file"]  # files are served only by the permission-checked view

    def _unit_of(self, obj):
        return obj.dossier.bright_spot.unit

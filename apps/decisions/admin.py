"""Administration: decisions, certificates, proposals and yearly commendations are
read-only here (they change only through their services, and an issued decision never
changes); authorities' decision templates and the commendation periods are kept here."""

from django.contrib import admin

from apps.accounts.admin_site import ReadOnlyAdminMixin, SubtreeAdminMixin, is_portal_admin
from apps.accounts.permissions import is_superuser
from apps.decisions.models import (
    Certificate,
    CommendationConference,
    CommendationPeriod,
    CommendationProposal,
    Decision,
    DecisionItem,
    DecisionTemplate,
    Honoree,
    PrintJob,
    YearlyCommendation,
)


class ReadOnlySubtreeAdmin(ReadOnlyAdminMixin, SubtreeAdminMixin, admin.ModelAdmin):
    """Rows of the administrator's subtree, viewed and never changed."""


class DecisionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionItem
    fields = ["order", "bright_spot"]
    readonly_fields = fields
    extra = 0


@admin.register(Decision)
class DecisionAdmin(ReadOnlySubtreeAdmin):
    unit_field = "authority"
    list_display = ["number_label", "signed_on", "authority", "status", "title"]
    list_filter = ["status", "year"]
    list_select_related = ["authority"]
    search_fields = ["title", "authority__name"]
    inlines = [DecisionItemInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlySubtreeAdmin):
    unit_field = "decision__authority"
    list_display = ["code", "holder_name", "unit_name", "year", "decision", "is_revoked"]
    list_filter = ["is_revoked", "year", "kind"]
    list_select_related = ["decision"]
    search_fields = ["code", "holder_name", "unit_name"]

    def _unit_of(self, obj):
        return obj.decision.authority


@admin.register(PrintJob)
class PrintJobAdmin(ReadOnlySubtreeAdmin):
    unit_field = "decision__authority"
    list_display = ["decision", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["decision"]

    def _unit_of(self, obj):
        return obj.decision.authority


class HonoreeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Honoree
    fk_name = "proposal"
    fields = ["kind", "unit", "full_name", "position", "achievement", "is_commended"]
    readonly_fields = fields
    extra = 0


class YearlyHonoreeInline(HonoreeInline):
    fk_name = "yearly"


@admin.register(CommendationProposal)
class CommendationProposalAdmin(ReadOnlySubtreeAdmin):
    list_display = ["period", "unit", "kind", "council", "status", "decision_number"]
    list_filter = ["status", "kind", "period"]
    list_select_related = ["period", "unit", "council"]
    inlines = [HonoreeInline]


@admin.register(CommendationConference)
class CommendationConferenceAdmin(ReadOnlySubtreeAdmin):
    list_display = ["period", "unit", "held_on", "place", "delegates", "document_number"]
    list_filter = ["period"]
    list_select_related = ["period", "unit"]


@admin.register(YearlyCommendation)
class YearlyCommendationAdmin(ReadOnlySubtreeAdmin):
    list_display = ["document_number", "document_date", "unit", "cycle", "commendation_form"]
    list_filter = ["commendation_form", "cycle__year"]
    list_select_related = ["unit", "cycle"]
    search_fields = ["document_number", "unit__name"]
    inlines = [YearlyHonoreeInline]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(SubtreeAdminMixin, admin.ModelAdmin):
    """Each authority's standard wording, prefilled into its new drafts."""

    unit_field = "authority"
    list_display = ["authority", "symbol", "signer_title", "signer_name", "updated_at"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]


@admin.register(CommendationPeriod)
class CommendationPeriodAdmin(admin.ModelAdmin):
    """The default periods (no province) and each province's own: administrators see
    them, superusers edit (a province's administrator lays out its own with
    ``services.commendations.commendation_periods_plan``)."""

    list_display = ["start_year", "end_year", "conference_year", "province"]
    list_select_related = ["province"]

    def has_module_permission(self, request):
        return is_portal_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_portal_admin(request.user)

    def has_add_permission(self, request):
        return is_superuser(request.user)

    def has_change_permission(self, request, obj=None):
        return is_superuser(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request.user)

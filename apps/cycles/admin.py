"""Cycles in the admin, limited to the administrator's subtree. Saving goes through
the same services as the portal pages (dates changes need a reason, extensions are
checked and audited)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin_site import SubtreeAdminMixin
from apps.accounts.enums import Role
from apps.accounts.permissions import reach_q
from apps.cycles import services
from apps.cycles.enums import DATE_FIELDS
from apps.cycles.models import Cycle, DeadlineExtension
from apps.cycles.permissions import administered_provinces, can_extend_for, cycles_extendable_by
from apps.units.models import Unit


class CycleAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when changing the dates of an existing cycle."),
    )

    class Meta:
        model = Cycle
        fields = ["province", "year", *DATE_FIELDS, "upload_quota_mb"]

    def changed_dates(self) -> list[str]:
        return [name for name in DATE_FIELDS if name in self.changed_data]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.changed_dates() and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason (it is recorded)."))
        return cleaned


@admin.register(Cycle)
class CycleAdmin(SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "province"
    form = CycleAdminForm
    list_display = ["year_label", "province", *DATE_FIELDS]
    list_filter = ["year"]
    search_fields = ["province__name"]
    list_select_related = ["province"]

    @admin.display(description=_("year"), ordering="year")
    def year_label(self, cycle):
        return str(cycle.year)  # not "2.026": years take no thousand separator

    def get_readonly_fields(self, request, obj=None):
        return ["province", "year"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = administered_provinces(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a year's history stays; bright spots refer to it

    def save_model(self, request, obj, form, change):
        if not change:
            dates = {name: form.cleaned_data[name] for name in DATE_FIELDS}
            obj.pk = services.cycle_create(
                province=obj.province, year=obj.year, by=request.user, **dates
            ).pk
        elif form.changed_dates():
            services.cycle_change_dates(
                cycle=Cycle.objects.get(pk=obj.pk),
                by=request.user,
                reason=form.cleaned_data["reason"],
                **{name: form.cleaned_data[name] for name in form.changed_dates()},
            )
        if "upload_quota_mb" in form.changed_data:
            services.cycle_set_upload_quota(
                cycle=Cycle.objects.get(pk=obj.pk),
                by=request.user,
                quota_mb=form.cleaned_data["upload_quota_mb"],
            )


class DeadlineExtensionAdminForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["cycle", "unit", "deadline", "new_date", "reason"]

    user = None  # set by DeadlineExtensionAdmin.get_form

    def clean(self):
        """The service's rules, so a refusal shows beside the field."""
        cleaned = super().clean()
        # An empty or out-of-reach choice is already a field error; the instance has
        # a cycle and a unit only when it is being changed (they are then read-only).
        cycle = cleaned.get("cycle") or (self.instance.cycle if self.instance.cycle_id else None)
        unit = cleaned.get("unit") or (self.instance.unit if self.instance.unit_id else None)
        deadline = cleaned.get("deadline") or self.instance.deadline
        if cycle and unit and not can_extend_for(self.user, cycle, unit):
            self.add_error("unit", _("This unit is not in the cycle's province or your subtree."))
        elif cycle and deadline and cleaned.get("new_date"):
            try:
                services.check_extension_date(
                    cycle=cycle, deadline=deadline, new_date=cleaned["new_date"]
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "unit"
    form = DeadlineExtensionAdminForm
    list_display = ["unit", "cycle", "deadline", "new_date", "granted_by", "created_at"]
    list_filter = ["deadline", "cycle__year"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "cycle__province", "granted_by"]
    readonly_fields = ["granted_by", "created_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        locked = ["cycle", "unit", "deadline"] if obj else []
        return [*locked, *self.readonly_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(
                reach_q(request.user, Role.ADMIN, unit_field="")
            )
        elif db_field.name == "cycle":
            kwargs["queryset"] = cycles_extendable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # granted extensions stay on record

    def save_model(self, request, obj, form, change):
        (extension,) = services.deadline_extend(
            cycle=obj.cycle,
            unit=obj.unit,
            dates={obj.deadline: obj.new_date},
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = extension.pk

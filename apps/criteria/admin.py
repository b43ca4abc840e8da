"""Criteria sets in the admin. A province's administrators see their province's sets,
a superuser every set. A frozen set (in use) is shown read-only; "Create a new version"
copies it for editing. Every save goes through apps.criteria.services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin_site import SubtreeAdminMixin
from apps.accounts.permissions import is_superuser
from apps.core.workflow import REFUSALS, refusal_messages
from apps.criteria import services
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from apps.criteria.permissions import can_manage_for, provinces_for_criteria
from apps.cycles.process import kind_choices


def _kinds_field(label):
    return forms.MultipleChoiceField(
        label=label, choices=kind_choices, widget=forms.CheckboxSelectMultiple
    )


class CriteriaSetAdminForm(forms.ModelForm):
    kinds = _kinds_field(_("Kinds of bright spot covered"))

    class Meta:
        model = CriteriaSet
        fields = ["code", "name", "province", "kinds", "source"]


class CriterionGroupAdminForm(forms.ModelForm):
    kinds = _kinds_field(_("Applies to"))

    class Meta:
        model = CriterionGroup
        fields = ["number", "title", "kinds", "order"]


class _EditableSetMixin:
    """Permissions that follow the set: managed by the user and not frozen."""

    def _criteria_set(self, obj):
        return obj

    def _may_edit(self, request, obj) -> bool:
        criteria_set = self._criteria_set(obj)
        if criteria_set is None:
            return True
        return can_manage_for(request.user, criteria_set.province) and not criteria_set.is_frozen


class _GroupInline(_EditableSetMixin, admin.TabularInline):
    model = CriterionGroup
    form = CriterionGroupAdminForm
    extra = 0
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        return True  # the parent admin decides who sees the set

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    has_change_permission = has_delete_permission = has_add_permission


class _CriterionInline(_EditableSetMixin, admin.TabularInline):
    model = Criterion
    fields = ["number", "text", "max_score", "order"]
    extra = 0

    def _criteria_set(self, obj):
        return obj.criteria_set if obj else None

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(CriteriaSet)
class CriteriaSetAdmin(_EditableSetMixin, SubtreeAdminMixin, admin.ModelAdmin):
    unit_field = "province"
    form = CriteriaSetAdminForm
    inlines = [_GroupInline]
    list_display = ["name", "code", "version", "province", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["province"]
    readonly_fields = ["version", "is_active"]
    actions = ["revise", "publish", "withdraw"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_usage()

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = provinces_for_criteria(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allowed(self, request, obj):
        return obj is None or can_manage_for(request.user, obj.province)

    def has_view_permission(self, request, obj=None):
        return super().has_module_permission(request) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj) and self._may_edit(request, obj)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.SET_FIELDS}
        if change:
            changed = {k: v for k, v in fields.items() if k in form.changed_data}
            if changed:
                services.criteria_set_update(criteria_set=obj, by=request.user, **changed)
        else:
            obj.pk = services.criteria_set_create(
                by=request.user, code=form.cleaned_data["code"], **fields
            ).pk

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "province" in form.base_fields and not is_superuser(request.user):
            form.base_fields["province"].required = True  # shared sets: superusers only
        return form

    def delete_model(self, request, obj):
        services.criteria_set_delete(criteria_set=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for criteria_set in queryset:
            self.delete_model(request, criteria_set)

    def save_formset(self, request, form, formset, change):
        _save_children(request, formset, save=_save_group, delete=_delete_group)

    @admin.action(description=_("Create a new version for editing"))
    def revise(self, request, queryset):
        self._each(request, queryset, services.criteria_set_revise)

    @admin.action(description=_("Publish (offer for new bright spots)"))
    def publish(self, request, queryset):
        self._each(request, queryset, services.criteria_set_publish)

    @admin.action(description=_("Stop offering"))
    def withdraw(self, request, queryset):
        self._each(request, queryset, services.criteria_set_withdraw)

    def _each(self, request, queryset, service):
        """The service on each chosen set; a refusal names the set and why."""
        for criteria_set in queryset:
            try:
                service(criteria_set=criteria_set, by=request.user)
            except REFUSALS as refusal:
                reasons = " ".join(refusal_messages(refusal))
                messages.error(request, f"{criteria_set}: {reasons}")


def _save_group(group, by):
    services.criterion_group_save(group=group, by=by)


def _delete_group(group, by):
    services.criterion_group_delete(group=group, by=by)


def _save_criterion(criterion, by):
    services.criterion_save(criterion=criterion, by=by)


def _delete_criterion(criterion, by):
    services.criterion_delete(criterion=criterion, by=by)


def _save_children(request, formset, *, save, delete) -> None:
    """An inline formset's rows through the services (which lock and audit)."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        delete(obj, request.user)
    for obj in instances:
        save(obj, request.user)


@admin.register(CriterionGroup)
class CriterionGroupAdmin(_EditableSetMixin, SubtreeAdminMixin, admin.ModelAdmin):
    """A group with its criteria (reached from the set's page)."""

    unit_field = "criteria_set__province"
    form = CriterionGroupAdminForm
    inlines = [_CriterionInline]
    list_display = ["number", "title", "criteria_set"]
    list_select_related = ["criteria_set"]
    search_fields = ["title", "criteria_set__name"]

    def _criteria_set(self, obj):
        return obj.criteria_set if obj else None

    def _allowed(self, request, obj):
        return obj is None or can_manage_for(request.user, obj.criteria_set.province)

    def has_module_permission(self, request):
        return False  # edited from its set

    def has_view_permission(self, request, obj=None):
        return super().has_module_permission(request) and self._allowed(request, obj)

    def has_add_permission(self, request, *args):
        return False  # groups are added on their set's page

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj) and self._may_edit(request, obj)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        services.criterion_group_save(group=obj, by=request.user)

    def delete_model(self, request, obj):
        services.criterion_group_delete(group=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            self.delete_model(request, group)

    def save_formset(self, request, form, formset, change):
        _save_children(request, formset, save=_save_criterion, delete=_delete_criterion)

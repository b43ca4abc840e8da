from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin_site import SubtreeAdminMixin, is_portal_admin
from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.accounts.permissions import has_role, is_superuser, reach_q
from apps.units.models import Unit


def _units_in_admin_reach(request):
    return Unit.objects.filter(reach_q(request.user, Role.ADMIN, unit_field=""))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reach_q(request.user, Role.ADMIN))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = _units_in_admin_reach(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return is_portal_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Administrators see the people who hold a role in their subtree; only a
    superuser may grant superuser status."""

    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "position", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_superuser(request.user):
            return qs
        in_reach = Membership.objects.filter(reach_q(request.user, Role.ADMIN))
        return qs.filter(pk__in=in_reach.values("user_id"), is_superuser=False).distinct()

    def has_module_permission(self, request):
        return is_portal_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_portal_admin(request.user) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    has_change_permission = has_delete_permission = has_view_permission

    def has_add_permission(self, request):
        return is_portal_admin(request.user)


@admin.register(Membership)
class MembershipAdmin(SubtreeAdminMixin, admin.ModelAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = _units_in_admin_reach(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not has_role(request.user, Role.ADMIN, obj.unit):  # defence behind the form
            raise PermissionError("unit outside the administrator's subtree")
        super().save_model(request, obj, form, change)

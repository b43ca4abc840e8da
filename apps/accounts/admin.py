from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportMixin
from import_export.forms import ImportForm

from apps.accounts.admin_site import SubtreeAdminMixin, is_portal_admin
from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.accounts.permissions import is_superuser, reach_q
from apps.accounts.resources import PeopleResource
from apps.accounts.two_factor import two_factor_reset
from apps.units.models import Unit
from apps.units.resources import IMPORT_FORMATS, ImportRefused
from apps.units.services import import_size_check

# django-otp's own device pages would show every person's keys to any administrator:
# people set their devices up themselves, administrators only reset them (UserAdmin).
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


def units_in_admin_reach(request):
    return Unit.objects.filter(reach_q(request.user, Role.ADMIN, unit_field=""))


def users_in_admin_reach(request):
    """People holding a role in the administrator's subtree (superusers excluded)."""
    if is_superuser(request.user):
        return User.objects.all()
    in_reach = Membership.objects.filter(reach_q(request.user, Role.ADMIN))
    return User.objects.filter(pk__in=in_reach.values("user_id"), is_superuser=False)


def users_wholly_in_admin_reach(request):
    """People whose every role lies in the administrator's subtree: only those may be
    edited, so nobody takes over an account that also works elsewhere."""
    if is_superuser(request.user):
        return User.objects.all()
    elsewhere = Membership.objects.exclude(reach_q(request.user, Role.ADMIN))
    return users_in_admin_reach(request).exclude(pk__in=elsewhere.values("user_id"))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "starts_on", "ends_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reach_q(request.user, Role.ADMIN))

    def get_formset(self, request, obj=None, **kwargs):
        # A new person must get a role in the administrator's subtree, or they would
        # vanish from the administrator's list the moment they are saved.
        if obj is None and not is_superuser(request.user):
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = units_in_admin_reach(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return is_portal_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Administrators see the people who hold a role in their subtree and edit those
    who work only there; only a superuser sees or grants superuser status."""

    list_display = [
        "username",
        "full_name",
        "email",
        "is_active",
        "two_factor_enabled",
        "last_login",
    ]
    list_filter = ["is_active", "two_factor_enabled"]
    actions = ["reset_two_factor"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "position", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    superuser_fieldsets = ((_("System"), {"fields": ("is_superuser", "is_staff")}),)
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    @admin.action(description=_("Reset two-factor login (lost phone)"))
    def reset_two_factor(self, request, queryset):
        allowed = queryset.filter(pk__in=users_wholly_in_admin_reach(request).values("pk"))
        count = two_factor_reset(users=list(allowed), by=request.user, now=timezone.now())
        self.message_user(
            request, _("Two-factor login reset for %(count)s people.") % {"count": count}
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and is_superuser(request.user):
            return fieldsets + self.superuser_fieldsets
        return fieldsets

    def get_queryset(self, request):
        visible = users_in_admin_reach(request).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)

    def has_module_permission(self, request):
        return is_portal_admin(request.user)

    def has_view_permission(self, request, obj=None):
        if not is_portal_admin(request.user):
            return False
        return obj is None or users_in_admin_reach(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        if not is_portal_admin(request.user):
            return False
        return obj is None or users_wholly_in_admin_reach(request).filter(pk=obj.pk).exists()

    has_delete_permission = has_change_permission

    def has_add_permission(self, request):
        return is_portal_admin(request.user)


class PeopleImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        import_size_check(upload.size)
        return upload


@admin.register(Membership)
class MembershipAdmin(SubtreeAdminMixin, ImportMixin, admin.ModelAdmin):
    """Roles and their dates; "Import" onboards people in bulk from a spreadsheet
    (``apps/accounts/resources.PeopleResource``)."""

    list_display = ["user", "unit", "role", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
    resource_classes = [PeopleResource]
    import_formats = IMPORT_FORMATS
    import_form_class = PeopleImportForm

    def has_import_permission(self, request):
        return is_portal_admin(request.user)

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ImportRefused):
            form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = units_in_admin_reach(request)
        elif db_field.name == "user":
            kwargs["queryset"] = users_wholly_in_admin_reach(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

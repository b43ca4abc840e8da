from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts.enums import Role
from apps.accounts.permissions import has_role, holds_role_anywhere, reach_q


def is_portal_admin(user) -> bool:
    return bool(user.is_active and holds_role_anywhere(user, Role.ADMIN))


class AdminLoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_portal_admin(user):
            raise ValidationError(_("This account does not administer any unit."), code="not_admin")


class PortalAdminSite(admin.AdminSite):
    """The admin is open to administrators of a subtree (Membership role "admin"),
    not to Django's is_staff flag; each ModelAdmin narrows rows to their subtree."""

    site_header = _("Điểm sáng portal administration")
    site_title = _("Điểm sáng administration")
    login_form = AdminLoginForm

    def has_permission(self, request):
        return is_portal_admin(request.user)


class SubtreeAdminMixin:
    """Rows and objects limited to the units the administrator reaches.

    ``unit_field`` is the lookup from the model to its Unit ("" for Unit itself).
    Whatever a form does, the saved object must still lie in the administrator's
    subtree, or the whole change is rolled back and refused.
    """

    unit_field = "unit"

    def _unit_of(self, obj):
        return obj if not self.unit_field else getattr(obj, self.unit_field.split("__")[0])

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(reach_q(request.user, Role.ADMIN, unit_field=self.unit_field))

    def has_module_permission(self, request):
        return is_portal_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request, *args):
        return is_portal_admin(request.user)

    def _allowed(self, request, obj):
        if obj is None:
            return is_portal_admin(request.user)
        return has_role(request.user, Role.ADMIN, self._unit_of(obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not self._allowed(request, obj):  # the admin's change view runs in one transaction
            raise PermissionDenied


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

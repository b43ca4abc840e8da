from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from apps.accounts.admin_site import SubtreeAdminMixin, is_portal_admin
from apps.accounts.enums import Role
from apps.accounts.permissions import has_role, is_superuser, reach_paths, reach_q
from apps.units.models import Unit
from apps.units.resources import EXPORT_FORMATS, IMPORT_FORMATS, ImportRefused, UnitResource
from apps.units.services import import_size_check


class UnitImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        import_size_check(upload.size)
        return upload


def _new_parent(ref_node, position: str):
    """Where a node placed ``position`` ("...-child" / "...-sibling") of ``ref_node`` lands."""
    if ref_node is None:
        return None
    return ref_node if position.endswith("child") else ref_node.get_parent()


def _may_place_under(user, parent) -> bool:
    return is_superuser(user) if parent is None else has_role(user, Role.ADMIN, parent)


def _unit_or_none(pk):
    try:
        return Unit.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _top_paths(user) -> list[str]:
    """The administrator's subtree roots, without those nested in another one."""
    paths = reach_paths(user, Role.ADMIN)
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


@admin.register(Unit)
class UnitAdmin(SubtreeAdminMixin, ImportExportMixin, TreeAdmin):
    """Units of the administrator's subtree: tree, edit, move, and spreadsheet
    import/export (rows outside the subtree are refused)."""

    unit_field = ""
    form = movenodeform_factory(Unit)
    list_display = ["name", "code", "kind", "level", "is_recognising_authority", "is_active"]
    list_filter = ["kind", "level", "is_recognising_authority", "is_active"]
    search_fields = ["name", "code"]
    resource_classes = [UnitResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    import_form_class = UnitImportForm

    def get_queryset(self, request):
        at_top = (
            getattr(request, "_treebeard_parent_id", "") is None
            and not getattr(request, "_ignore_treebeard_filters", False)
            and not self.is_filtered(request)
        )
        if at_top and not is_superuser(request.user):
            # The tree opens at the administrator's own units, not at the roots.
            request._treebeard_parent = None
            return Unit.objects.filter(path__in=_top_paths(request.user))
        return super().get_queryset(request)

    def has_delete_permission(self, request, obj=None):
        """Never an administrator's own unit (that would delete their whole subtree)."""
        own_unit = obj is not None and obj.path in reach_paths(request.user, Role.ADMIN)
        if own_unit and not is_superuser(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would take whole subtrees at once and skips the check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_import_permission(self, request):
        return is_portal_admin(request.user)

    def has_export_permission(self, request):
        return is_portal_admin(request.user)

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ImportRefused):
            form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class SubtreeMoveForm(base):
            """Parents offered and accepted only inside the administrator's subtree; the
            unit's current place is kept as a choice so it can be edited where it is."""

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                field = self.fields["treebeard_ref_node"]
                field.required = False
                if is_superuser(user):
                    return
                current = self.initial.get("treebeard_ref_node")
                field.queryset = field.queryset.filter(
                    reach_q(user, Role.ADMIN, unit_field="") | Q(pk=getattr(current, "pk", None))
                )

            def clean(self):
                data = super().clean()
                moved = self.instance._state.adding or {
                    "treebeard_ref_node",
                    "treebeard_position",
                } & set(self.changed_data)
                parent = _new_parent(
                    data.get("treebeard_ref_node"), data.get("treebeard_position", "")
                )
                if moved and not _may_place_under(user, parent):
                    raise ValidationError(
                        _("You can only place units inside the units you administer.")
                    )
                return data

        return SubtreeMoveForm

    def move_node(self, request):
        """Drag and drop in the tree: the target place must be in the subtree too."""
        target = _unit_or_none(request.POST.get("target"))
        relation = request.POST.get("relation", "")
        if target is None or not _may_place_under(request.user, _new_parent(target, relation)):
            raise PermissionDenied
        return super().move_node(request)

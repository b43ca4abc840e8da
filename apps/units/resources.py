"""Spreadsheet import and export of units (agencies, boards, departments...).

Columns: code, parent_code, name, kind, level, function, address,
is_recognising_authority. Rows are matched by ``code``; a new unit goes under the unit
named by ``parent_code``. Used by the admin (rows limited to the importing
administrator's subtree) and by ``manage.py import_units`` (the system).
"""

import re
import zipfile
from io import BytesIO

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from apps.accounts.enums import Role
from apps.accounts.permissions import has_role, is_superuser
from apps.core.spreadsheets import FORMULA_STARTS, escape_formula
from apps.units.models import Unit
from apps.units.services import unit_append

# Map codes ("P40", "W16702") come from vietnam-provinces, never from a spreadsheet.
MAP_CODE = re.compile(r"P\d{2}|W\d{5}", re.IGNORECASE)
# An .xlsx file is a zip archive: refuse archives that expand far beyond the byte cap.
XLSX_MAX_EXPANSION = 20
TREE_FIELDS = ("path", "depth", "numchild")
EDITABLE_FIELDS = [f.name for f in Unit._meta.concrete_fields if f.name not in {"id", *TREE_FIELDS}]


class ImportRefused(ValueError):
    """The file as a whole cannot be imported; the message is for the user."""


def _too_many_rows() -> ImportRefused:
    return ImportRefused(
        _("The file has more than %(max)s rows; split it into smaller files.")
        % {"max": settings.IMPORT_MAX_ROWS}
    )


class CappedCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows()
        return dataset


class CappedXLSX(base_formats.XLSX):
    """Reads the first sheet row by row and stops at the row cap, so a small file
    cannot expand into millions of rows in memory."""

    def create_dataset(self, in_stream):
        import openpyxl

        _check_expansion(in_stream)
        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            dataset = tablib.Dataset(headers=list(next(rows, ())))
            for row in rows:
                if all(value is None for value in row):
                    continue
                if len(dataset) >= settings.IMPORT_MAX_ROWS:
                    raise _too_many_rows()
                dataset.append(row)
        finally:
            book.close()
        return dataset


def _check_expansion(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            size = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused(_("This is not a valid .xlsx file.")) from None
    if size > XLSX_MAX_EXPANSION * settings.IMPORT_MAX_BYTES:
        raise ImportRefused(_("The .xlsx file expands to too much data; split it."))


IMPORT_FORMATS = [CappedCSV, CappedXLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


class YesNoWidget(widgets.BooleanWidget):
    """1/0, true/false, có/không, x/blank; anything else is a row error."""

    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "có", "Có", "x", "X"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "không", "Không", "", None]
    NULL_VALUES = []

    def clean(self, value, row=None, **kwargs):
        if value not in self.TRUE_VALUES and value not in self.FALSE_VALUES:
            raise ValueError(_("Enter 1 (yes) or 0 (no)."))
        return value in self.TRUE_VALUES


class UnitResource(resources.ModelResource):
    parent_code = fields.Field(
        attribute="parent_code", column_name="parent_code", widget=widgets.CharWidget()
    )
    is_recognising_authority = fields.Field(
        attribute="is_recognising_authority",
        column_name="is_recognising_authority",
        widget=YesNoWidget(),
    )
    # Optional columns (what a unit's documents print, apps/core/documents.py): a file
    # without them imports as before and leaves those fields as they are.
    is_party_body = fields.Field(
        attribute="is_party_body", column_name="is_party_body", widget=YesNoWidget()
    )

    class Meta:
        model = Unit
        import_id_fields = ["code"]
        fields = [
            "code",
            "parent_code",
            "name",
            "kind",
            "level",
            "function",
            "address",
            "is_recognising_authority",
            "abbreviation",
            "head_title",
            "is_party_body",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def get_display_name(cls):
        return _("Units")

    # --- import -------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                value = value.strip()
                if value[:2] in {"'" + prefix for prefix in FORMULA_STARTS}:
                    value = value[1:]  # undo the export escaping
                row[key] = value

    def after_init_instance(self, instance, new, row, **kwargs):
        user = kwargs.get("user")
        if new and MAP_CODE.fullmatch(str(row.get("code") or "")):
            raise ValidationError(
                {"code": _("Codes like P40 or W16702 are reserved for the administrative map.")}
            )
        if not new and not _may_administer(user, instance):
            raise ValidationError({"code": _("This code is used by a unit you do not administer.")})
        instance.parent_code = "" if new else _parent_code(instance)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.import_parent = self._parent_for(instance, kwargs.get("user"))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _parent_for(self, instance, user) -> Unit | None:
        code = instance.parent_code or ""
        if not code:
            if instance.pk and instance.depth > 1:
                raise ValidationError({"parent_code": _("Enter the code of the parent unit.")})
            if not instance.pk and not (user is None or is_superuser(user)):
                raise ValidationError({"parent_code": _("Enter the code of the parent unit.")})
            return None
        parent = Unit.objects.filter(code=code).first()
        if parent is None or not _may_administer(user, parent):
            raise ValidationError(
                {
                    "parent_code": _("No unit with code %(code)s among the units you administer.")
                    % {"code": code}
                }
            )
        if instance.pk and parent.path.startswith(instance.path):
            raise ValidationError(
                {"parent_code": _("A unit cannot be placed under itself or its own sub-units.")}
            )
        return parent

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *TREE_FIELDS], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        parent = instance.import_parent
        if is_create:
            unit_append(unit=instance, parent=parent)
            return
        instance.save(update_fields=EDITABLE_FIELDS)
        if parent is not None and instance.path[: -Unit.steplen] != parent.path:
            Unit.objects.move(instance, parent, "last-child")

    # --- export -------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.with_parent().order_by("path")  # parent_code in the same query

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


def _may_administer(user, unit) -> bool:
    """The system (no user) and superusers reach everything; others their subtree."""
    return user is None or has_role(user, Role.ADMIN, unit)


def _parent_code(unit) -> str:
    if unit.depth <= 1:
        return ""
    return (
        Unit.objects.filter(path=unit.path[: -Unit.steplen]).values_list("code", flat=True).first()
        or ""
    )

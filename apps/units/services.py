"""Writes to the unit tree: the national administrative map and spreadsheet imports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import Result

from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.accounts.models import User


# 2025.10.1 (what pip picks on Python 3.11) was built from a draft list whose ward codes
# and names differ; only this release carries the map in force.
MAP_PACKAGE_VERSION = "2026.9.0"


@dataclass
class MapImportSummary:
    provinces: int = 0
    communes: int = 0
    created: int = 0
    renamed: int = 0


@dataclass(frozen=True)
class _MapRow:
    code: str
    name: str


def province_unit_code(province_code: int) -> str:
    return f"P{province_code:02d}"


def ward_unit_code(ward_code: int) -> str:
    return f"W{ward_code:05d}"


def map_package_check() -> None:
    """Refuse any release of vietnam-provinces other than the one in force."""
    import vietnam_provinces

    if vietnam_provinces.__version__ != MAP_PACKAGE_VERSION:
        raise ValidationError(
            _(
                "vietnam-provinces %(found)s is installed but the current map needs "
                "%(wanted)s; install it with: pip install --ignore-requires-python "
                "vietnam-provinces==%(wanted)s"
            )
            % {"found": vietnam_provinces.__version__, "wanted": MAP_PACKAGE_VERSION}
        )


def _package_provinces(province_code: int | None) -> list:
    from vietnam_provinces import Province, ProvinceCode

    if province_code is None:
        return list(Province.iter_all())
    try:
        return [Province.from_code(ProvinceCode(province_code))]
    except ValueError:
        raise ValidationError(
            _("There is no province with code %(code)s in the current map.")
            % {"code": province_code}
        ) from None


def _package_wards(province) -> list[_MapRow]:
    from vietnam_provinces import Ward

    return [
        _MapRow(ward_unit_code(ward.code.value), ward.name)
        for ward in Ward.iter_by_province(province.code)
    ]


def _child_paths(parent: Unit | None, count: int) -> list[str]:
    """Paths for ``count`` new children placed after the parent's last child."""
    base = parent.path if parent else ""
    last = (
        Unit.objects.filter(path__startswith=base, depth=(parent.depth if parent else 0) + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    start = Unit._str2int(last[-Unit.steplen :]) + 1 if last else 1
    steps = [Unit._int2str(n) for n in range(start, start + count)]
    if steps and len(steps[-1]) > Unit.steplen:
        raise ValidationError(
            _("The unit tree has no room left under %(unit)s.") % {"unit": parent}
        )
    return [base + step.rjust(Unit.steplen, Unit.alphabet[0]) for step in steps]


def _sync_children(
    parent: Unit | None, rows: list[_MapRow], kind: str, summary: MapImportSummary
) -> dict[str, Unit]:
    """Rename the units already present (matched by code) and append the missing ones
    under ``parent``, in name order. Returns every unit of ``rows`` by code."""
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[r.code for r in rows])}
    now = timezone.now()
    renamed = []
    for row in rows:
        unit = existing.get(row.code)
        if unit and unit.name != row.name:
            unit.name, unit.updated_at = row.name, now
            renamed.append(unit)
    Unit.objects.bulk_update(renamed, ["name", "updated_at"], batch_size=1000)
    missing = sorted((r for r in rows if r.code not in existing), key=lambda r: r.name)
    level = UnitLevel.PROVINCE if kind == UnitKind.PROVINCE else UnitLevel.COMMUNE
    depth = parent.depth + 1 if parent else 1
    created = Unit.objects.bulk_create(
        [
            Unit(
                path=path,
                depth=depth,
                numchild=0,
                code=row.code,
                name=row.name,
                kind=kind,
                level=level,
                is_recognising_authority=True,
            )
            for row, path in zip(missing, _child_paths(parent, len(missing)), strict=True)
        ],
        batch_size=1000,
    )
    if parent and created:
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(created))
    summary.created += len(created)
    summary.renamed += len(renamed)
    return existing | {unit.code: unit for unit in created}


@transaction.atomic
def unit_append(*, unit: Unit, parent: Unit | None) -> Unit:
    """Save a new ``unit`` as the last child of ``parent`` (top level when None): one
    insert and no sibling shifted, unlike treebeard's sorted insertion."""
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
    unit.depth = parent.depth + 1 if parent else 1
    unit.path = _child_paths(parent, 1)[0]
    unit.numchild = 0
    unit.save(force_insert=True)
    if parent is not None:
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return unit


@transaction.atomic
def admin_units_import(*, province_code: int | None = None) -> MapImportSummary:
    """Load the current administrative map (34 provinces, 3,321 communes, wards and
    special zones; no district level) from vietnam-provinces into the unit tree, or
    one province of it.

    Units are matched by code ("P40", "W16681"): names the package changed are
    updated, missing units are appended under their province, nothing is duplicated
    and nothing else is touched. One transaction, with the unit table locked against
    concurrent tree writes."""
    map_package_check()
    provinces = _package_provinces(province_code)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Unit._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    summary = MapImportSummary(provinces=len(provinces))
    rows = [_MapRow(province_unit_code(p.code.value), p.name) for p in provinces]
    units = _sync_children(None, rows, UnitKind.PROVINCE, summary)
    for province, row in zip(provinces, rows, strict=True):
        unit = Unit.objects.get(pk=units[row.code].pk)  # fresh depth/path
        wards = _package_wards(province)
        summary.communes += len(wards)
        _sync_children(unit, wards, UnitKind.COMMUNE, summary)
    return summary


# --- agencies and boards from spreadsheets --------------------------------------------


def _import_format(file_name: str):
    from apps.units.resources import IMPORT_FORMATS

    suffix = Path(file_name).suffix.lower().lstrip(".")
    for fmt in IMPORT_FORMATS:
        if fmt().get_extension() == suffix:
            return fmt()
    raise ValidationError(_("Only .csv and .xlsx files can be imported."))


def _read_dataset(data: bytes, file_name: str):
    from apps.units.resources import ImportRefused

    fmt = _import_format(file_name)
    try:
        return fmt.create_dataset(data if fmt.is_binary() else data.decode("utf-8-sig"))
    except ImportRefused as refused:
        raise ValidationError(str(refused)) from None
    except Exception:  # any parser failure on an untrusted file is the file's fault
        raise ValidationError(
            _("The file could not be read as %(format)s.") % {"format": fmt.get_title()}
        ) from None


def import_size_check(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s; split it into smaller files.")
            % {"max": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )


def units_import(
    *, data: bytes, file_name: str, by: User | None = None, dry_run: bool = False
) -> Result:
    """Import agencies, boards and other units from a .csv or .xlsx file (columns of
    ``UnitResource``). All or nothing: when any row fails, nothing is written and the
    result carries the row errors. ``by`` limits the rows to that administrator's
    subtree; None is the system (commands, demo data)."""
    from apps.units.resources import UnitResource

    import_size_check(len(data))
    dataset = _read_dataset(data, file_name)
    return UnitResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=by,
    )


def import_errors(result: Result) -> list[str]:
    """The result's errors as Vietnamese lines "Dòng 3: …" (line numbers of the file,
    counting the header as line 1)."""
    lines = [str(error.error) for error in result.base_errors]
    for row in result.error_rows:
        lines += [_line(row.number, str(error.error)) for error in row.errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = "" if field == "__all__" else f"{field}: "
            lines += [_line(invalid.number, label + message) for message in messages]
    return lines


def _line(number: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": number + 1, "message": message}

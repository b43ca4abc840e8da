"""The registration list as a board files it: unit, kind, year, status, name, address,
officer and a summary of the plan, as .xlsx rows (a sheet read on its own says which
year and where each spot stands)."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import PlanActivity
from apps.core.spreadsheets import escape_formula
from apps.cycles.process import kind_choices

WIDTHS = (6, 32, 24, 8, 18, 40, 36, 24, 70)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CHUNK = 2000


@dataclass(frozen=True)
class ExportRow:
    unit: str
    kind: str
    year: int
    status: str
    name: str
    address: str
    officer: str
    plan: str


def plan_summary(goals: str, activities, expected_results: str) -> str:
    """Goals, the dated activities ((start, end, description) tuples) and the expected
    results, one per line."""
    lines = [goals.strip()] if goals.strip() else []
    lines += [f"{start:%d/%m/%Y}–{end:%d/%m/%Y}: {text}" for start, end, text in activities]
    if expected_results.strip():
        lines.append(_("Expected results: %(text)s") % {"text": expected_results.strip()})
    return "\n".join(lines)


def export_rows(spots):
    """One ExportRow per spot of ``spots`` (in its order), reading plain values a chunk
    at a time with the chunk's activities: constant memory, two queries per chunk."""
    from apps.accounts.models import User

    kinds = dict(kind_choices())
    statuses = {value: str(label) for value, label in BrightSpotStatus.choices}
    officers: dict = {}
    values = spots.values_list(
        "pk",
        "unit__name",
        "kind",
        "cycle__year",
        "status",
        "name",
        "address",
        "officer_id",
        "goals",
        "expected_results",
    ).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        plans = _activities_of([row[0] for row in chunk])
        wanted = {row[7] for row in chunk if row[7] and row[7] not in officers}
        officers |= User.objects.in_bulk(wanted)
        for pk, unit, kind, year, status, name, address, officer_id, goals, expected in chunk:
            officer = officers.get(officer_id)
            plan = plan_summary(goals, plans[pk], expected)
            yield ExportRow(
                unit,
                kinds.get(kind, kind),
                year,
                statuses[status],
                name,
                address,
                str(officer or ""),
                plan,
            )


def _activities_of(spot_ids) -> dict:
    plans = defaultdict(list)
    rows = (
        PlanActivity.objects.filter(bright_spot_id__in=spot_ids)
        .order_by("bright_spot_id", "order", "start_date")
        .values_list("bright_spot_id", "start_date", "end_date", "description")
    )
    for spot_id, start, end, description in rows:
        plans[spot_id].append((start, end, description))
    return plans


def headings() -> list[str]:
    return [
        _("No."),
        _("Unit"),
        _("Kind"),
        _("Year"),
        _("Status"),
        _("Name of the bright spot"),
        _("Concrete address"),
        _("Officer in charge"),
        _("Implementation plan (summary)"),
    ]


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    cell.font = BOLD
    return cell


def _cells(sheet, number: int, row: ExportRow) -> list:
    """Plain values (the fastest path in write-only mode), text escaped; the plan,
    on several lines, wraps."""
    plan = WriteOnlyCell(sheet, value=escape_formula(row.plan))
    plan.alignment = WRAP
    first = [escape_formula(row.unit), escape_formula(row.kind), row.year, row.status]
    rest = [escape_formula(text) for text in (row.name, row.address, row.officer)]
    return [number, *first, *rest, plan]


def write_xlsx(rows, stream, *, title: str) -> int:
    """Write ExportRows to ``stream`` as one sheet in constant memory (openpyxl's
    write-only mode). Returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registration list")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_bold(sheet, title)])
    sheet.append([_bold(sheet, text) for text in headings()])
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append(_cells(sheet, count, row))
    workbook.save(stream)
    return count

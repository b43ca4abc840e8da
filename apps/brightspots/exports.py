"""The registration list as a board files it: .xlsx and the rows of the print view."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Spreadsheet programs run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = (6, 32, 24, 40, 36, 24, 70)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def escape_formula(value: str) -> str:
    """Text that a spreadsheet will show, never evaluate (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plan_summary(spot) -> str:
    """Goals, dated activities and expected results, one per line."""
    lines = [spot.goals.strip()] if spot.goals.strip() else []
    lines += [
        f"{a.start_date:%d/%m/%Y}–{a.end_date:%d/%m/%Y}: {a.description}"
        for a in spot.activities.all()
    ]
    if spot.expected_results.strip():
        lines.append(_("Expected results: %(text)s") % {"text": spot.expected_results.strip()})
    return "\n".join(lines)


def headings() -> list[str]:
    return [
        _("No."),
        _("Unit"),
        _("Kind"),
        _("Name of the bright spot"),
        _("Concrete address"),
        _("Officer in charge"),
        _("Implementation plan (summary)"),
    ]


def row_values(number: int, spot) -> list:
    return [
        number,
        spot.unit.name,
        spot.get_kind_display(),
        spot.name,
        spot.address,
        str(spot.officer) if spot.officer else "",
        plan_summary(spot),
    ]


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    cell.font = BOLD
    return cell


def _row(sheet, values: list) -> list:
    """Plain values (the fastest path in write-only mode), text escaped; the last
    column, the multi-line plan, wraps."""
    row = [escape_formula(v) if isinstance(v, str) else v for v in values]
    wrapped = WriteOnlyCell(sheet, value=row[-1])
    wrapped.alignment = WRAP
    return [*row[:-1], wrapped]


def write_xlsx(spots, stream, *, title: str) -> int:
    """Write ``spots`` (an iterable; pass ``.iterator(chunk_size=…)`` for big lists) to
    ``stream`` as one sheet in constant memory. Returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registration list")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_bold(sheet, title)])
    sheet.append([_bold(sheet, text) for text in headings()])
    count = 0
    for count, spot in enumerate(spots, start=1):
        sheet.append(_row(sheet, row_values(count, spot)))
    workbook.save(stream)
    return count

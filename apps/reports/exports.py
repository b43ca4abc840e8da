"""The province summary as an .xlsx workbook (openpyxl).

Every text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is
stored as plain text with Excel's quote prefix, so a unit named "=HYPERLINK(...)"
stays a name.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.core.spreadsheets import looks_like_formula


def safe_cell(cell, value) -> None:
    """Write ``value`` into ``cell``; text is never taken for a formula."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def summary_columns(kinds: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(key of ``GroupRow.as_dict``, heading) of the summary's columns; ``kinds`` are
    (code, name) of the year's process."""
    return [
        ("name", _("Unit")),
        ("units", _("Reporting units")),
        ("meeting", _("Meeting the yearly minimum")),
        ("missing", _("Missing the minimum")),
        ("lists_sent", _("Registration lists sent")),
        ("reports_submitted", _("Review reports submitted")),
        *kinds,
        ("recognised", _("Recognised")),
    ]


def summary_workbook(
    *, title: str, columns: list[tuple[str, str]], rows: list[dict], total: dict
) -> bytes:
    """One sheet: a title line, the header (``summary_columns``), a line per unit and
    the total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    safe_cell(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for col, (_key, label) in enumerate(columns, start=1):
        cell = sheet.cell(row=3, column=col)
        safe_cell(cell, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate([*rows, total], start=4):
        for col, (key, _label) in enumerate(columns, start=1):
            safe_cell(sheet.cell(row=offset, column=col), row[key])
    last = 4 + len(rows)
    for col in range(1, len(columns) + 1):
        sheet.cell(row=last, column=col).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 45
    sheet.freeze_panes = "B4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The spreadsheet of paper records (``imports.py``): its columns, the template to
fill in, and how a cell is read (text, whole numbers, dates typed dd/mm/yyyy, decision
numbers such as 05/QĐ-UBND), each answering None rather than raising so the resource
can give its own Vietnamese message."""

import datetime
import re
from io import BytesIO

from django.utils.translation import gettext as _
from import_export import widgets

COLUMNS = (
    "unit_code",
    "year",
    "kind",
    "title",
    "summary",
    "decision_number",
    "decision_date",
    "authority_code",
    "signer",
    "certificate_number",
)
DEFAULT_SYMBOL = "QĐ-UBND"
# "05", "05/QĐ-UBND" or, in the Party's form, "05-QĐ/BDVTU".
DECISION_NUMBER = re.compile(r"(?P<number>\d{1,6})\s*(?:[/-]\s*(?P<symbol>\S.*))?")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")


class RawWidget(widgets.Widget):
    """The cell as the spreadsheet gives it (text, number or date), read by the
    resource with Vietnamese messages."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def cell_text(value) -> str:
    """The cell as text without surrounding spaces (2023.0 → "2023")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def whole_number(value) -> int | None:
    """A positive whole number the database holds (up to nine digits), else None."""
    text = cell_text(value)
    return int(text) if text.isdigit() and len(text) <= 9 else None


def parse_day(value) -> datetime.date | None:
    """A date cell, or text typed dd/mm/yyyy; None when it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cell_text(value), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def parse_decision_number(value) -> tuple[int, str] | None:
    """(number, symbol) from "05/QĐ-UBND", "05-QĐ/BDVTU" or "05"; None otherwise."""
    match = DECISION_NUMBER.fullmatch(cell_text(value))
    if not match or int(match["number"]) < 1:
        return None
    return int(match["number"]), (match["symbol"] or DEFAULT_SYMBOL).strip()


def history_template() -> bytes:
    """An empty .xlsx to fill in: the columns on the first sheet and, on a second
    sheet, what each column holds."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Bright spots")
    sheet.append(list(COLUMNS))
    notes = book.create_sheet(_("Instructions"))
    notes.append([_("Column"), _("What it holds")])
    for name, text in column_help():
        notes.append([name, text])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def column_help() -> list[tuple[str, str]]:
    return [
        ("unit_code", _("Code of the unit that built the bright spot.")),
        ("year", _("Year of the bright spot, e.g. 2023.")),
        ("kind", _("Code of the kind of bright spot in the province's process.")),
        ("title", _("Name of the bright spot.")),
        ("summary", _("What was done and its effect, shown on the public showcase.")),
        ("decision_number", _("Number of the recognition decision, e.g. 05/QĐ-UBND.")),
        ("decision_date", _("Date of the decision, dd/mm/yyyy.")),
        ("authority_code", _("Code of the authority that signed the decision.")),
        ("signer", _("Name of the person who signed.")),
        ("certificate_number", _("Number of the certificate (a whole number).")),
    ]

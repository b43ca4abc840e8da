"""The list of proposed bright spots as a spreadsheet for the commendation conference."""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.spreadsheets import escape_formula
from apps.decisions.models import CommendationProposal
from apps.decisions.selectors import proposal_items


def proposal_xlsx(proposal: CommendationProposal) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Bright spots")
        sheet.append([escape_formula(_title(proposal))])
        sheet.append([])
        header = [
            _("No."),
            _("Bright spot"),
            _("Unit"),
            _("Year"),
            _("Recognition decision"),
            _("Verification code"),
            _("Commended"),
        ]
        sheet.append(header)
        for number, item in enumerate(proposal_items(proposal), start=1):
            _append_text_row(sheet, [number, *_row(item)])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        sheet["A1"].font = Font(bold=True, size=13)
        for column, width in zip("ABCDEFG", (6, 60, 40, 8, 28, 16, 12), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(proposal: CommendationProposal) -> str:
    return _("Bright spots proposed for commendation, %(period)s — %(unit)s — %(kind)s") % {
        "period": proposal.period,
        "unit": proposal.unit.name,
        "kind": proposal.get_kind_display(),
    }


def _row(item) -> list:
    certificate = item.certificate
    decision = certificate.decision
    commended = {True: _("Yes"), False: _("No"), None: ""}[item.is_commended]
    return [
        certificate.holder_name,
        certificate.unit_name,
        certificate.year,
        f"{decision.number_label} {decision.signed_on:%d/%m/%Y}",
        certificate.code_display,
        commended,
    ]


def _append_text_row(sheet, values: list) -> None:
    sheet.append([escape_formula(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"

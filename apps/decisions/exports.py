"""A commendation proposal as a spreadsheet for the conference: the proposed bright
spots on the first sheet, the proposed collectives and individuals on the second."""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.spreadsheets import escape_formula
from apps.decisions.models import CommendationProposal
from apps.decisions.selectors import proposal_honorees, proposal_items


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
        _honorees_sheet(workbook, proposal)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _honorees_sheet(workbook, proposal: CommendationProposal) -> None:
    """The collectives, then the individuals, of the proposal (one query)."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(_("Collectives and individuals"))
    sheet.append(
        [
            escape_formula(
                _("Collectives and individuals proposed for commendation, %(period)s — %(unit)s")
                % {"period": proposal.period, "unit": proposal.unit.name}
            )
        ]
    )
    sheet.append([])
    sheet.append(
        [
            _("No."),
            _("Collective or individual"),
            _("Full name"),
            _("Position or title"),
            _("Unit"),
            _("Achievement"),
            _("Commended"),
        ]
    )
    for number, honoree in enumerate(proposal_honorees(proposal), start=1):
        _append_text_row(
            sheet,
            [
                number,
                honoree.get_kind_display(),
                honoree.full_name,
                honoree.position,
                honoree.unit.name,
                honoree.achievement,
                {True: _("Yes"), False: _("No"), None: ""}[honoree.is_commended],
            ],
        )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for column, width in zip("ABCDEFG", (6, 14, 28, 28, 40, 50, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


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

"""The ranked table as an .xlsx workbook; every text cell through the portal's formula
guard (``apps.reports.exports.safe_cell``)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.reports.exports import safe_cell
from apps.scoring.models import ScoringRound
from apps.scoring.selectors import RankedRow


def ranked_columns() -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        _("Self-score"),
        _("Scorer's score"),
        _("Class"),
        _("Reached the threshold"),
        _("Scored by"),
        _("Status"),
    ]


def ranked_workbook(*, scoring_round: ScoringRound, rows: list[RankedRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(scoring_round.cycle.year)
    safe_cell(
        sheet.cell(row=1, column=1), f"{scoring_round.sheet.title} {scoring_round.cycle.year}"
    )
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for col, label in enumerate(ranked_columns(), start=1):
        safe_cell(sheet.cell(row=3, column=col), label)
        sheet.cell(row=3, column=col).font = Font(bold=True)
    for offset, row in enumerate(rows, start=4):
        card = row.card
        values = [
            row.rank,
            card.unit.name,
            card.self_total,
            card.scorer_total,
            card.final_class,
            "" if card.passed is None else (_("Yes") if card.passed else _("No")),
            card.scorer_unit.name if card.scorer_unit else "",
            card.get_status_display(),
        ]
        for col, value in enumerate(values, start=1):
            safe_cell(sheet.cell(row=offset, column=col), value)
    sheet.column_dimensions["B"].width = 45
    sheet.freeze_panes = "C4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

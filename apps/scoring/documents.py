"""The formal parts of the ranked table printed as a report (báo cáo) in the decree's
form: issued by the province's Ban Dân vận (as the province summary), to the boards
the province's process sends its lists to. Always Vietnamese."""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.documents import document_foot, document_form, document_head, document_subject
from apps.cycles.process import process_of
from apps.reports.selectors.documents import (
    REPORT,
    REPORT_TYPE,
    _province_board_names,
    summary_boards,
    summary_issuer,
)
from apps.scoring.models import ScoringRound


def ranked_document(*, scoring_round: ScoringRound, today: datetime.date) -> dict:
    province = scoring_round.cycle.province
    issuer = summary_issuer(province)
    process = process_of(cycle=scoring_round.cycle)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Results of scoring and classifying %(sheet)s in %(year)s") % {
            "sheet": scoring_round.sheet.title[:1].lower() + scoring_round.sheet.title[1:],
            "year": scoring_round.cycle.year,
        }
        recipients = [_("Ban Thường vụ Tỉnh ủy (for report)")]
        recipients += _province_board_names(province, summary_boards(process, issuer.function))
    return {
        "language": settings.LANGUAGE_CODE,
        "head": document_head(issuer, REPORT, on=today),
        "doc_type": REPORT_TYPE,
        "subject": document_subject(subject, document_form(issuer)),
        "foot": document_foot(issuer, recipients),
    }

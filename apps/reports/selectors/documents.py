"""The formal parts (head, trích yếu, Nơi nhận, signature) of the two reports the
portal prints as documents: a unit's yearly review report and the province summary.

Both are always Vietnamese: callers build them under
``translation.override(settings.LANGUAGE_CODE)``. The form (the decree's or the
Party's) follows the issuing unit (``apps.core.documents.document_form``)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.documents import document_foot, document_form, document_head, document_subject
from apps.cycles.process import Process, process_of, province_process
from apps.units.enums import BoardFunction
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.cycles.models import Cycle
    from apps.reports.models import ReviewReport

REPORT = "BC"
REPORT_TYPE = "BÁO CÁO"
# How a document names a provincial board the province has not set up as a unit.
FULL_NAMES = {
    BoardFunction.MASS_MOBILISATION: "Ban Dân vận Tỉnh ủy",
    BoardFunction.HOME_AFFAIRS: "Sở Nội vụ",
    BoardFunction.QCDC_STEERING: "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh",
    BoardFunction.DVCQ_STEERING: "Ban Chỉ đạo công tác dân vận chính quyền tỉnh",
}


def review_addressees(process: Process) -> list[str]:
    """The boards the yearly review report goes to (N32: Ban Dân vận Tỉnh ủy, Sở Nội
    vụ), as the process names them."""
    return list(process.review_report_to)


def summary_boards(process: Process, issuer_function: str) -> list[str]:
    """Who the province summary goes to beside the Ban Thường vụ (guidance 2022, V:
    "Ban chỉ đạo thực hiện quy chế dân chủ ở cơ sở tỉnh và Ban chỉ đạo công tác dân vận
    chính quyền tỉnh"): the boards receiving the lists of the process's kinds, but the
    issuer's own."""
    boards = dict.fromkeys(rule.board for rule in process.routes.values())
    return [function for function in boards if function != issuer_function]


def review_report_document(*, report: ReviewReport) -> dict:
    """The review report as its unit issues it to Ban Dân vận Tỉnh ủy and Sở Nội vụ,
    dated the day it was submitted (today for a draft), signed by who submitted it."""
    unit = report.unit
    day = timezone.localdate(report.submitted_at) if report.submitted_at else None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Review of building bright spots in %(year)s") % {"year": report.cycle.year}
    return {
        "language": settings.LANGUAGE_CODE,
        "head": document_head(unit, REPORT, on=day),
        "doc_type": REPORT_TYPE,
        "subject": document_subject(subject, document_form(unit)),
        "foot": document_foot(
            unit,
            _province_board_names(unit, review_addressees(process_of(cycle=report.cycle))),
            signer=report.submitted_by,
        ),
    }


def summary_issuer(unit: Unit) -> Unit:
    """Who issues the summary of ``unit``'s subtree: for a whole province, its Ban Dân
    vận (Tỉnh ủy), which the guidance charges with it; else the unit itself."""
    if unit.depth > 1:
        return unit
    board = (
        Unit.objects.filter(
            path__startswith=unit.path,
            depth=2,
            function=BoardFunction.MASS_MOBILISATION,
            is_active=True,
        )
        .order_by("path")
        .first()
    )
    return board or unit


def summary_document(*, unit: Unit, cycle: Cycle | None, today: datetime.date) -> dict:
    """The province (or subtree) summary as a report to Ban Thường vụ Tỉnh ủy and the
    two provincial steering boards; unsigned (signed by hand)."""
    issuer = summary_issuer(unit)
    year = cycle.year if cycle else today.year
    process = process_of(cycle=cycle) if cycle else province_process(unit)
    with translation.override(settings.LANGUAGE_CODE):
        subject, recipients = _summary_wording(unit, year, process)
    return {
        "language": settings.LANGUAGE_CODE,
        "issuer": issuer,
        "head": document_head(issuer, REPORT, on=today),
        "doc_type": REPORT_TYPE,
        "subject": document_subject(subject, document_form(issuer)),
        "foot": document_foot(issuer, recipients),
    }


def _summary_wording(unit: Unit, year: int, process: Process) -> tuple[str, list[str]]:
    if unit.depth > 1:
        subject = _("Results of building bright spots in %(year)s in %(unit)s") % {
            "year": year,
            "unit": unit.name,
        }
        recipients = []
    else:
        subject = _("Results of building bright spots in %(year)s across the province") % {
            "year": year
        }
        recipients = [_("Ban Thường vụ Tỉnh ủy (for report)")]
        issuer = summary_issuer(unit)
        recipients += _province_board_names(unit, summary_boards(process, issuer.function))
    return subject, recipients


def _province_board_names(unit: Unit, wanted: list[str]) -> list[str]:
    """The names of the province's units with the ``wanted`` functions (one query), the
    guidance's name (``FULL_NAMES``) where the province has none."""
    province_path = unit.path[: unit.steplen]
    found = {}
    for board in Unit.objects.filter(
        path__startswith=province_path, depth=2, function__in=wanted, is_active=True
    ).order_by("path"):
        found.setdefault(board.function, board.name)
    return [found.get(f, FULL_NAMES.get(f, BoardFunction(f).label)) for f in wanted]

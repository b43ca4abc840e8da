"""Writing yearly review reports (báo cáo sơ kết). Submitting is the step of
``REVIEW_REPORT_WORKFLOW`` (declared in ``apps/reports/workflow.py``), taken through
``apps.core.workflow``."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, transition
from apps.cycles.models import Cycle
from apps.reports.enums import TEXT_FIELDS
from apps.reports.models import ReviewReport
from apps.reports.selectors.review import review_report_figures
from apps.reports.workflow import REVIEW_REPORT_WORKFLOW, submitted_late
from apps.units.models import Unit


def _require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise NotPermitted(_("You may not take this step for this report."))


def review_report_start(
    *, unit: Unit, cycle: Cycle, by: User, now: datetime.datetime | None = None
) -> ReviewReport:
    """Open the unit's report for the year (the existing one if already started).

    Refused unless ``by`` is an officer or leader of the unit. Effects: a draft and
    audit "start" the first time.
    """
    _require(by, "reports.start_review_report", unit)
    with transaction.atomic():
        report, created = ReviewReport.objects.get_or_create(
            unit=unit, cycle=cycle, defaults={"created_by": by}
        )
        if created:
            audit_record(actor=by, target=report, action="start", to_state=report.status, at=now)
    return report


def review_report_save(
    *, report: ReviewReport, by: User, now: datetime.datetime | None = None, **texts: str
) -> ReviewReport:
    """Save the free text (results, lessons, next year's plan) of a draft.

    Refused unless ``by`` is an officer or leader of the unit and the report is still a
    draft. Effects: the texts; audit "edit".
    """
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        locked = ReviewReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
        if locked.is_submitted:
            raise Refused(_("This report was submitted; it can no longer be changed."))
        _require(by, "reports.edit_review_report", locked)
        for name, value in texts.items():
            setattr(locked, name, (value or "").strip())
        locked.save(update_fields=[*texts, "updated_at"])
        audit_record(actor=by, target=locked, action="edit", from_state=locked.status, at=now)
    return locked


def review_report_submit(
    *, report: ReviewReport, by: User, now: datetime.datetime | None = None
) -> ReviewReport:
    """The leader submits the unit's report to Ban Dân vận Tỉnh ủy and Sở Nội vụ.

    Refused unless ``by`` is a leader of the unit, the report is a draft with its three
    texts written (Unwritten, an error beside each part), and the unit's review-report
    deadline (its extension, when later) has not passed (DeadlineClosed; not where the
    province switched ``review_report_closes`` off). A second
    submission (double click, another leader) finds it submitted and is refused.

    Effects: the figures are computed and frozen into the report; it is marked late
    when sent after the cycle's date; audit "submit" (with
    ``late``); the members of the province's Ban Dân vận and Sở Nội vụ are notified.
    """
    now = now or timezone.now()
    late = submitted_late(report, now)

    def effect(locked: ReviewReport, by: User, now: datetime.datetime) -> dict:
        return {
            "figures": review_report_figures(unit=locked.unit, cycle=locked.cycle),
            "is_late": late,
            "submitted_at": now,
            "submitted_by": by,
        }

    return transition(
        REVIEW_REPORT_WORKFLOW,
        report,
        verb="submit",
        by=by,
        now=now,
        data={"late": late},
        effect=effect,
    )

"""Writing yearly review reports (báo cáo sơ kết). Every status change goes through
``_set_state``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.selectors import deadline_status
from apps.notifications.services import notify
from apps.reports.enums import ALLOWED_TRANSITIONS, ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.reports.permissions import ADDRESSEES
from apps.reports.selectors.review import review_report_figures
from apps.units.enums import UnitKind
from apps.units.models import Unit

TEXT_FIELDS = ("results", "lessons", "next_year_plan")


class TransitionNotAllowed(ValidationError):
    pass


class NotPermitted(PermissionDenied):
    """The actor may not take this step; ``str(exc)`` is the message."""


def _require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise NotPermitted(_("You may not take this step for this report."))


def review_report_start(*, unit: Unit, cycle: Cycle, by) -> ReviewReport:
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
            audit_record(actor=by, target=report, action="start", to_state=report.status)
    return report


def review_report_save(*, report: ReviewReport, by, **texts: str) -> ReviewReport:
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
            raise TransitionNotAllowed(_("This report was submitted; it can no longer be changed."))
        _require(by, "reports.edit_review_report", locked)
        for name, value in texts.items():
            setattr(locked, name, (value or "").strip())
        locked.save(update_fields=[*texts, "updated_at"])
        audit_record(actor=by, target=locked, action="edit", from_state=locked.status)
    return locked


def review_report_submit(*, report: ReviewReport, by) -> ReviewReport:
    """The leader submits the unit's report to Ban Dân vận Tỉnh ủy and Sở Nội vụ.

    Refused unless ``by`` is a leader of the unit, the report is a draft with its three
    texts written, and the unit's review-report deadline (its extension, when later)
    has not passed. Effects: the figures are computed and frozen into the report; it is
    marked late when sent after the cycle's date under an extension; audit "submit";
    the members of the province's Ban Dân vận and Sở Nội vụ are notified. A second
    submission (double click, another leader) finds it submitted and is refused.
    """
    with transaction.atomic():
        submitted = _set_state(
            report=report, to=ReviewReportStatus.SUBMITTED, by=by, action="submit"
        )
        _notify_addressees(submitted)
    return submitted


def _notify_addressees(report: ReviewReport) -> None:
    province = report.unit.path[: report.unit.steplen]
    addressees = User.objects.filter(
        is_active=True,
        memberships__unit__path__startswith=province,
        memberships__unit__depth=2,
        memberships__unit__kind=UnitKind.BOARD,
        memberships__unit__function__in=ADDRESSEES,
    ).distinct()
    notify(
        users=addressees,
        template="review_report_submitted",
        context={"report": report},
        url=report.get_absolute_url(),
        dedupe_key=f"review-report-submitted:{report.pk}",
    )


def _set_state(*, report: ReviewReport, to: str, by, action: str) -> ReviewReport:
    with transaction.atomic():
        locked = (
            ReviewReport.objects.select_for_update(of=("self",))
            .select_related("unit", "cycle")
            .get(pk=report.pk)
        )
        _require(by, "reports.submit_review_report", locked)
        if to not in ALLOWED_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(
                _("This report is “%(status)s”; that step is not possible now.")
                % {"status": locked.get_status_display()}
            )
        _check_texts(locked)
        status = deadline_status(
            cycle=locked.cycle, unit=locked.unit, kind=DeadlineKind.REVIEW_REPORT
        )
        status.refuse()
        from_state = locked.status
        locked.status = to
        locked.figures = review_report_figures(unit=locked.unit, cycle=locked.cycle)
        locked.is_late = status.under_extension
        locked.submitted_at, locked.submitted_by = timezone.now(), by
        locked.save(
            update_fields=[
                "status",
                "figures",
                "is_late",
                "submitted_at",
                "submitted_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=by,
            target=locked,
            action=action,
            from_state=from_state,
            to_state=to,
            data={"late": locked.is_late},
        )
    report.status = locked.status
    return locked


def _check_texts(report: ReviewReport) -> None:
    errors = {
        name: _("Write this part before submitting.")
        for name in TEXT_FIELDS
        if not getattr(report, name).strip()
    }
    if errors:
        raise ValidationError(errors, code="incomplete")

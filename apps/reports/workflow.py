"""The one step of a yearly review report, declared once: the unit's leader submits the
written report, before its deadline (or an extension), to Ban Dân vận Tỉnh ủy and Sở
Nội vụ. ``services.review_report_submit`` takes it through
``apps.core.workflow.transition``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User, in_force_q
from apps.core.workflow import Refused, Step, Workflow
from apps.cycles.enums import DeadlineKind
from apps.cycles.process import current_process
from apps.cycles.selectors import deadline_status, local_today, process_rules
from apps.notifications.services import notify
from apps.reports.enums import ALLOWED_TRANSITIONS, TEXT_FIELDS
from apps.reports.enums import ReviewReportStatus as S
from apps.reports.models import ReviewReport
from apps.units.models import Unit


class Unwritten(Refused):
    """Parts of the report are not written: an error beside each part, and one sentence
    for a page that shows the refusal beside its button or as a message."""

    def __init__(self, fields):
        super().__init__(
            {name: _("Write this part before submitting.") for name in fields}, code="incomplete"
        )

    @property
    def messages(self) -> list[str]:
        return [_("Write the results, the lessons and next year's plan before submitting.")]


def submit_deadline(report: ReviewReport, now=None):
    """Where the report's unit stands against the review-report deadline at ``now``."""
    return deadline_status(
        cycle=report.cycle, unit=report.unit, kind=DeadlineKind.REVIEW_REPORT, at=now
    )


def submitted_late(report: ReviewReport, now=None) -> bool:
    """Submitted after the cycle's date (under an extension, or where the deadline does
    not close): the report is marked late."""
    status = submit_deadline(report, now)
    return status.today > status.cycle_date


def _submit_blocker(report: ReviewReport, now) -> str:
    """Raises rather than returns, so that callers get the refusals they know: an error
    beside each unwritten part (Unwritten), then DeadlineClosed naming the date (not
    where the province switched ``review_report_closes`` off)."""
    missing = [name for name in TEXT_FIELDS if not getattr(report, name).strip()]
    if missing:
        raise Unwritten(missing)
    if process_rules(cycle=report.cycle).review_report_closes:
        submit_deadline(report, now).refuse()
    return ""


def addressees(province) -> list[User]:
    """The members of the province's boards that receive the review report (its
    process's ``review_report_to``: Ban Dân vận Tỉnh ủy and Sở Nội vụ in Nghệ An's): the
    active units with those functions right under the province, whatever their kind
    (Sở Nội vụ is a department), as the reminders find Ban Dân vận."""
    return list(
        User.objects.filter(
            in_force_q(local_today(), "memberships"),
            is_active=True,
            memberships__unit__in=Unit.objects.boards_of(
                province, current_process(province).review_report_to
            ),
        )
        .distinct()
        .order_by("pk")
    )


def _notify_addressees(locked: ReviewReport, step: Step, by, **_context) -> None:
    notify(
        users=addressees(locked.cycle.province),
        template="review_report_submitted",
        context={"report": locked},
        path=locked.get_absolute_url(),
        dedupe_key=f"review-report-submitted:{locked.pk}",
    )


REVIEW_REPORT_WORKFLOW = Workflow(
    model=ReviewReport,
    namespace="reports",
    steps=[
        Step(
            "submit",
            {S.DRAFT: S.SUBMITTED},
            rule="reports.submit_review_report",
            url_name="reports:review_submit",
            blocker=_submit_blocker,
            tell=("addressees",),
            label=gettext_lazy("Submit the report"),
            confirm=gettext_lazy(
                "Submit the report to Ban Dân vận Tỉnh ủy and Sở Nội vụ? It can no longer be "
                "changed afterwards."
            ),
            done=gettext_lazy("The report was submitted to Ban Dân vận Tỉnh ủy and Sở Nội vụ."),
        )
    ],
    transitions=ALLOWED_TRANSITIONS,
    state_message=lambda report: (
        _("This report is “%(status)s”; that step is not possible now.")
        % {"status": report.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step for this report."),
    notifier=_notify_addressees,
    lock=lambda report: (
        ReviewReport.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle__province")
        .get(pk=report.pk)
    ),
)

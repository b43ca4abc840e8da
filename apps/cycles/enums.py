from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    """The yearly deadlines (their dates are the cycle's: ``Cycle.default_dates`` and
    docs/process.md say which the guidance sets and which the portal adds). Labels name
    no date: a cycle may move it."""

    REGISTRATION = "registration", _("Sending the registration list")
    PROGRESS = "progress", _("Six-month progress update")
    RECOGNITION = "recognition", _("Recognition window")
    REVIEW_REPORT = "review_report", _("Yearly review report")


# The Cycle field holding each deadline's date.
DEADLINE_FIELDS: dict[str, str] = {
    DeadlineKind.REGISTRATION: "registration_deadline",
    DeadlineKind.PROGRESS: "progress_deadline",
    DeadlineKind.RECOGNITION: "recognition_closes",
    DeadlineKind.REVIEW_REPORT: "review_report_deadline",
}


class CycleDate(models.TextChoices):
    """A cycle's dates, in calendar order (the Cycle fields of the same names)."""

    REGISTRATION = "registration_deadline", _("registration list due")
    PROGRESS = "progress_deadline", _("six-month update due")
    RECOGNITION_OPENS = "recognition_opens", _("recognition window opens")
    RECOGNITION_CLOSES = "recognition_closes", _("recognition window closes")
    REVIEW_REPORT = "review_report_deadline", _("yearly review report due")


# Every date field of a cycle, in calendar order.
DATE_FIELDS: tuple[str, ...] = tuple(CycleDate.values)


class RouteLevel(models.TextChoices):
    """Whose boards receive a kind's lists: the province's (Nghệ An's guidance names the
    provincial boards, "Ban chỉ đạo ... tỉnh", "Sở Nội vụ", "Ban Dân vận Tỉnh ủy"), or,
    for each board function, the nearest one above the sending unit."""

    PROVINCE = "province", _("the province's boards")
    NEAREST = "nearest", _("the nearest boards above the unit")


# The settings of ProcessRules a province's administrator edits, in page order.
RULE_FIELDS = (
    "guidance_reference",
    "progress_update",
    "submission_window",
    "drafting_closes",
    "review_report_closes",
    "progress_closes",
    "acknowledgement_required",
    "plan_within_year",
    "finding_on_every_criterion",
    "letter_scan_required",
)

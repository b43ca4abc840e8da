from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    """The yearly deadlines of the Nghệ An guidance (each editable per cycle)."""

    REGISTRATION = "registration", _("Registration list (30/3)")
    PROGRESS = "progress", _("Six-month progress update (15/6)")
    RECOGNITION = "recognition", _("Recognition window closes (30/11)")
    REVIEW_REPORT = "review_report", _("Yearly review report (30/11)")


# The names of the deadlines without their default dates (a cycle may move them).
DEADLINE_NAMES = {
    DeadlineKind.REGISTRATION: _("Sending the registration list"),
    DeadlineKind.PROGRESS: _("Six-month progress update"),
    DeadlineKind.RECOGNITION: _("Recognition window"),
    DeadlineKind.REVIEW_REPORT: _("Yearly review report"),
}


# The Cycle field holding each deadline's date.
DEADLINE_FIELDS: dict[str, str] = {
    DeadlineKind.REGISTRATION: "registration_deadline",
    DeadlineKind.PROGRESS: "progress_deadline",
    DeadlineKind.RECOGNITION: "recognition_closes",
    DeadlineKind.REVIEW_REPORT: "review_report_deadline",
}

# Every date field of a cycle, in calendar order.
DATE_FIELDS: tuple[str, ...] = (
    "registration_deadline",
    "progress_deadline",
    "recognition_opens",
    "recognition_closes",
    "review_report_deadline",
)

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


ReviewReportStatus.TONES = {"submitted": "ok"}

S = ReviewReportStatus
# The officer drafts, the leader submits; a submitted report is final (its figures
# are frozen at submission).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: set(),
}

# The parts of the report its unit writes (the figures come from the data).
TEXT_FIELDS = ("results", "lessons", "next_year_plan")

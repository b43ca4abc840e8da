from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    """The yearly deadlines of the Nghệ An guidance (each editable per cycle)."""

    REGISTRATION = "registration", _("Registration list (30/3)")
    PROGRESS = "progress", _("Six-month progress update (15/6)")
    RECOGNITION = "recognition", _("Recognition window closes (30/11)")
    REVIEW_REPORT = "review_report", _("Yearly review report (30/11)")

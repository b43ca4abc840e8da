from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the deadline")
    LATE_DIGEST = "late_digest", _("Late units, to the supervising level")


class DeliveryStatus(models.TextChoices):
    """What became of the e-mail of one reminder (read from the outbox)."""

    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NO_EMAIL = "no_email", _("No e-mail address (portal only)")

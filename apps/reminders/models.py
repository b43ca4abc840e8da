from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DeadlineKind
from apps.reminders.enums import ReminderKind


class ReminderLog(models.Model):
    """One reminder (or late-units digest) to one recipient, written in the same
    transaction as its notification and outbox e-mail.

    The unique constraint is the exactly-once guarantee: a second run, a retried task
    or a second beat process inserts nothing (``ON CONFLICT DO NOTHING``) and so
    queues nothing. ``due_date`` is the unit's effective deadline, so an extension
    starts a fresh series of reminders before the new date.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="+", verbose_name=_("year")
    )
    deadline = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    due_date = models.DateField(_("due date"))
    # Days before ``due_date`` for a reminder; empty for a late-units digest.
    offset_days = models.SmallIntegerField(_("days before"), null=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # The outbox row's dedupe key: its delivery status is read through it.
    email_key = models.CharField(max_length=255)
    # How many things were missing (lists, updates, dossiers) or, for a digest, how
    # many units were late.
    missing = models.PositiveIntegerField(_("missing"), default=0)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "cycle",
                    "deadline",
                    "due_date",
                    "offset_days",
                    "unit",
                    "recipient",
                ],
                name="reminderlog_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_deadline_display()} · {self.unit_id} → {self.recipient_id}"

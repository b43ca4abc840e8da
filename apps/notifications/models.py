from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.notifications.enums import FIXED_KINDS, Channel


class Notification(models.Model):
    """A message shown to one user inside the portal."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Unique when given (the same key as the e-mail's): a user is told a thing once,
    # with or without an e-mail address.
    dedupe_key = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )
    # False when the user chose not to see this kind in the portal: the row stays, as
    # the record that they were told under its key.
    shown = models.BooleanField(default=True, editable=False)
    # Its e-mail waits for the user's daily digest; ``digested_at`` is when the digest
    # claimed it (a conditional update, so it is listed in exactly one digest).
    digest = models.BooleanField(default=False, editable=False)
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(
                fields=["user"],
                condition=models.Q(digest=True, digested_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self):
        return self.message


class OutboxEmail(models.Model):
    """An e-mail written in the same transaction as the change it reports, then sent by
    the worker. The broker may be down when the change commits; the outbox is not."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Unique when given: the same reminder or notice is never queued twice.
    dedupe_key = models.CharField(max_length=255, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class NoticePreferences(models.Model):
    """How one user wants to be told, per kind of notice (a kind missing from
    ``channels`` is told both ways), and whether their e-mails come once a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    channels = models.JSONField(_("channels"), default=dict, blank=True)
    daily_digest = models.BooleanField(_("one e-mail a day"), default=False)

    class Meta:
        verbose_name = _("notice preferences")
        verbose_name_plural = _("notice preferences")

    def __str__(self):
        return str(self.user)

    def channel(self, kind: str) -> str:
        if kind in FIXED_KINDS:
            return Channel.BOTH
        return self.channels.get(kind, Channel.BOTH)

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskRun(models.Model):
    """The last run of one periodic task, recorded by the worker (``runs.py``) so the
    operations page can tell a beat or a worker that stopped."""

    name = models.CharField(_("task"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Alert(models.Model):
    """A problem of the operations check while it lasts: opened (and the operators
    e-mailed once) when a check turns red, resolved when it no longer is. At most one
    open alert per check, so two checks running at once e-mail once."""

    key = models.CharField(_("check"), max_length=64)
    message = models.TextField(_("message"))
    opened_at = models.DateTimeField(_("opened at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("operations alert")
        verbose_name_plural = _("operations alerts")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(resolved_at__isnull=True), name="alert_one_open_per_key"
            )
        ]

    def __str__(self):
        return f"{self.key} {self.opened_at:%Y-%m-%d %H:%M}"

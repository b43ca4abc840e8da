import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DeadlineKind


class Cycle(models.Model):
    """One province's year of bright spots, with its deadlines as data.

    A date is a whole local day: "before 30/3" means until 23:59:59 on 30/3 in
    Asia/Ho_Chi_Minh.
    """

    province = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    registration_deadline = models.DateField(_("registration list due"))
    progress_deadline = models.DateField(_("six-month update due"))
    recognition_opens = models.DateField(_("recognition window opens"))
    recognition_closes = models.DateField(_("recognition window closes"))
    review_report_deadline = models.DateField(_("yearly review report due"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yearly cycle")
        verbose_name_plural = _("yearly cycles")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="cycle_unique_province_year")
        ]

    def __str__(self):
        return f"{self.province} {self.year}"

    @staticmethod
    def default_dates(year: int) -> dict:
        """The guidance's defaults: 30/3, 15/6, 15/10–30/11, 30/11."""
        return {
            "registration_deadline": datetime.date(year, 3, 30),
            "progress_deadline": datetime.date(year, 6, 15),
            "recognition_opens": datetime.date(year, 10, 15),
            "recognition_closes": datetime.date(year, 11, 30),
            "review_report_deadline": datetime.date(year, 11, 30),
        }

    def deadline(self, kind: str) -> datetime.date:
        return {
            DeadlineKind.REGISTRATION: self.registration_deadline,
            DeadlineKind.PROGRESS: self.progress_deadline,
            DeadlineKind.RECOGNITION: self.recognition_closes,
            DeadlineKind.REVIEW_REPORT: self.review_report_deadline,
        }[kind]


class DeadlineExtension(models.Model):
    """A later date for one deadline of one unit, with the reason recorded."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    deadline = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    new_date = models.DateField(_("extended to"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "deadline"], name="extension_unique_unit_deadline"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_deadline_display()} → {self.new_date:%d/%m/%Y}"

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.reports.enums import ReviewReportStatus


class ReviewReport(models.Model):
    """A unit's yearly review report (báo cáo sơ kết xây dựng điểm sáng), due 30/11 to
    Ban Dân vận Tỉnh ủy and Sở Nội vụ.

    The figures are computed from the data while the report is a draft and frozen into
    ``figures`` when the leader submits it; the free text is the unit's own.
    """

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="review_reports",
        verbose_name=_("unit"),
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="review_reports",
        verbose_name=_("year"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReviewReportStatus.choices,
        default=ReviewReportStatus.DRAFT,
    )
    results = models.TextField(_("results achieved"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_year_plan = models.TextField(_("plan for next year"), blank=True)
    figures = models.JSONField(_("figures at submission"), default=dict, blank=True)
    is_late = models.BooleanField(_("submitted late (under an extension)"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("yearly review report")
        verbose_name_plural = _("yearly review reports")
        ordering = ["-cycle__year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle"], name="reviewreport_unique_year")
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self):
        return f"{self.unit} · {self.cycle.year}"

    def get_absolute_url(self):
        return reverse("reports:review_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewReportStatus.SUBMITTED

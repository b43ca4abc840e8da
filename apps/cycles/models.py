import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DATE_FIELDS, DEADLINE_FIELDS, DeadlineKind
from apps.cycles.querysets import CycleQuerySet


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
    upload_quota_mb = models.PositiveIntegerField(
        _("files per unit this year (MB)"),
        null=True,
        blank=True,
        help_text=_("Empty: the portal's default."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly cycle")
        verbose_name_plural = _("yearly cycles")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="cycle_unique_province_year")
        ]

    def __str__(self):
        return f"{self.province} {self.year}"

    def get_absolute_url(self):
        return reverse("cycles:detail", args=[self.pk])

    @property
    def upload_quota_bytes(self) -> int:
        """What one unit may store this year across all its files (progress updates and
        dossiers): the province's own figure for the year, else the portal default."""
        if self.upload_quota_mb is not None:
            return self.upload_quota_mb * 1024 * 1024
        return settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR

    def clean(self):
        """Every date lies in the cycle's year; the recognition window is not reversed."""
        errors = {
            name: _("The date must fall in %(year)s.") % {"year": self.year}
            for name in DATE_FIELDS
            if getattr(self, name) and getattr(self, name).year != self.year
        }
        if (
            "recognition_closes" not in errors
            and self.recognition_opens
            and self.recognition_closes
            and self.recognition_closes < self.recognition_opens
        ):
            errors["recognition_closes"] = _("The recognition window cannot close before it opens.")
        if errors:
            raise ValidationError(errors)

    def dates(self) -> dict[str, datetime.date]:
        return {name: getattr(self, name) for name in DATE_FIELDS}

    @staticmethod
    def default_dates(year: int) -> dict:
        """A new cycle's dates (docs/process.md N29–N32, A1): registration lists by 30/3
        (the guidance; 2022 only, by 15/6), recognition 15/10–30/11 and the review report
        by 30/11 (the guidance). The mid-year progress update by 15/6 is the portal's
        addition (the guidance names 15/6 only as 2022's registration date)."""
        return {
            "registration_deadline": (
                datetime.date(year, 6, 15) if year == 2022 else datetime.date(year, 3, 30)
            ),
            "progress_deadline": datetime.date(year, 6, 15),
            "recognition_opens": datetime.date(year, 10, 15),
            "recognition_closes": datetime.date(year, 11, 30),
            "review_report_deadline": datetime.date(year, 11, 30),
        }

    def deadline(self, kind: str) -> datetime.date:
        """The cycle's own date for deadline ``kind`` (a DeadlineKind value)."""
        return getattr(self, DEADLINE_FIELDS[DeadlineKind(kind)])


class DeadlineExtension(models.Model):
    """A later date for one deadline of one unit, with the reason recorded."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("yearly cycle")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    deadline = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    new_date = models.DateField(_("extended to"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "deadline"], name="extension_unique_unit_deadline"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.deadline_name} → {self.new_date:%d/%m/%Y}"

    @property
    def deadline_name(self) -> str:
        """The deadline's name without the default date (the cycle may have moved it)."""
        return str(DeadlineKind(self.deadline).label)


class ProcessRules(models.Model):
    """A province's own settings for what the guidance leaves open and for the rules the
    portal adds (docs/process.md sections 4 and 5; the switches in field order are the
    additions A1, A2, A3, A4, A5, A8, A11, A14, A17). A province without a row follows
    the defaults, which are Nghệ An's: every switch on."""

    province = models.OneToOneField(
        "units.Unit",
        on_delete=models.CASCADE,
        related_name="process_rules",
        verbose_name=_("province"),
    )
    guidance_reference = models.CharField(
        _("the guidance cited in decisions"),
        max_length=300,
        blank=True,
        help_text=_(
            "Its number, date and issuer, as the legal basis of a recognition decision "
            "cites it. Empty: decisions leave the line for the drafter to fill, and the "
            "portal reminds the administrators."
        ),
    )
    progress_update = models.BooleanField(
        _("mid-year progress update"),
        default=True,
        help_text=_(
            "Units report each bright spot's progress by the year's date. Off: no update "
            "is asked for, reminded of or counted."
        ),
    )
    submission_window = models.BooleanField(
        _("dossiers are submitted inside the recognition window"),
        default=True,
        help_text=_(
            "Off: a dossier may be submitted at any time of the year; decisions still "
            "fall in the recognition window."
        ),
    )
    drafting_closes = models.BooleanField(
        _("drafting closes with the registration deadline"),
        default=True,
        help_text=_(
            "Off: after the registration deadline units still draft and send their list, "
            "marked late."
        ),
    )
    review_report_closes = models.BooleanField(
        _("review reports are refused after their deadline"),
        default=True,
        help_text=_("Off: a review report after its deadline is taken, marked late."),
    )
    progress_closes = models.BooleanField(
        _("no progress update after the recognition window"),
        default=True,
        help_text=_("Off: progress is still updated after the recognition window."),
    )
    acknowledgement_required = models.BooleanField(
        _("a dossier opens only after the board acknowledges the list"),
        default=True,
        help_text=_("Off: a dossier opens as soon as the list is sent."),
    )
    plan_within_year = models.BooleanField(
        _("plan activities lie within the cycle's year"),
        default=True,
        help_text=_("Off: plan activities may run into the next year."),
    )
    finding_on_every_criterion = models.BooleanField(
        _("passing needs a finding on every criterion"),
        default=True,
        help_text=_("Off: an appraiser may pass a dossier with criteria left without a finding."),
    )
    letter_scan_required = models.BooleanField(
        _("the request letter's signed scan is required before proposing"),
        default=True,
        help_text=_("Off: a board proposes with the letter's number and date only."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("province's process rules")
        verbose_name_plural = _("provinces' process rules")

    def __str__(self):
        return str(self.province)

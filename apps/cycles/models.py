import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DATE_FIELDS, DEADLINE_FIELDS, CycleDate, DeadlineKind, RouteLevel
from apps.cycles.querysets import CycleQuerySet
from apps.units.enums import BoardFunction, UnitKind, UnitLevel


class Cycle(models.Model):
    """One province's year of bright spots, with its deadlines as data.

    A date is a whole local day: "before 30/3" means until 23:59:59 on 30/3 in
    Asia/Ho_Chi_Minh.
    """

    province = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    process = models.ForeignKey(
        "cycles.ProcessVersion",
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("process version"),
        help_text=_("The version of the province's process the year opened with."),
    )
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

    def save(self, *args, **kwargs):
        """A cycle saved without a version is pinned to its province's current one."""
        self._pin()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cycles:detail", args=[self.pk])

    @property
    def upload_quota_bytes(self) -> int:
        """What one unit may store this year across all its files (progress updates and
        dossiers): the province's own figure for the year, else the portal default."""
        if self.upload_quota_mb is not None:
            return self.upload_quota_mb * 1024 * 1024
        return settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day of the year's period (its process's)."""
        from apps.cycles.process import process_of_version

        self._pin()
        return process_of_version(self.process_id).period(self.year)

    def _pin(self) -> None:
        """Pin a cycle not yet saved to its province's current process version."""
        if self.process_id is None:
            from apps.cycles.process import current_version

            self.process = current_version(self.province_id)

    def clean(self):
        """Every date lies in the year's period; the recognition window is not reversed."""
        first, last = self.period()
        if (first, last) == (datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)):
            outside = _("The date must fall in %(year)s.") % {"year": self.year}
        else:
            outside = _("The date must fall in the year's period, %(first)s–%(last)s.") % {
                "first": f"{first:%d/%m/%Y}",
                "last": f"{last:%d/%m/%Y}",
            }
        errors = {
            name: outside
            for name in DATE_FIELDS
            if getattr(self, name) and not first <= getattr(self, name) <= last
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


class ProcessVersion(models.Model):
    """One version of a province's process: its kinds of bright spot, the routes of
    their lists, the yearly minimum, the default dates and reminders of its deadlines and
    the levels that hold commendation conferences (the rows pointing here). The version
    without a province is the portal's default, Nghệ An's (fixtures/process/nghe-an.json);
    a province without a version of its own follows it.

    A published version never changes: a cycle is pinned to the version it opened with,
    and an administrator's edits go into the province's one draft, which publishing
    checks (``cycles.process.version_problems``) and makes the version of the cycles
    opened after it."""

    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="process_versions",
        verbose_name=_("province"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(
        _("name"),
        max_length=300,
        help_text=_("The documents the process follows, e.g. the guidance's number and date."),
    )
    period_start_day = models.PositiveSmallIntegerField(
        _("the year's period starts: day"), default=1
    )
    period_start_month = models.PositiveSmallIntegerField(
        _("the year's period starts: month"),
        default=1,
        help_text=_(
            "A year's period ends on the day before this date in that year (1/1: the "
            "calendar year; 16/10: from 16/10 of the year before to 15/10)."
        ),
    )
    review_report_to = ArrayField(
        models.CharField(max_length=16, choices=BoardFunction.choices),
        verbose_name=_("the yearly review report goes to"),
        default=list,
        blank=True,
        help_text=_("The boards of the province, by function, that receive the units' reports."),
    )
    note = models.TextField(_("what changed and why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("process version")
        verbose_name_plural = _("process versions")
        ordering = ["province_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"], name="process_unique_number", nulls_distinct=False
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=models.Q(published_at__isnull=True),
                name="process_one_draft",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ProcessKind(models.Model):
    """A kind of bright spot a province's units register (QCDC, DVCQ, Dân vận khéo in
    Nghệ An) and how documents word it."""

    version = models.ForeignKey(ProcessVersion, on_delete=models.CASCADE, related_name="kinds")
    code = models.SlugField(
        _("code"),
        max_length=8,
        help_text=_("Short Latin letters, e.g. qcdc; it never changes once spots use it."),
    )
    name = models.CharField(_("name"), max_length=200)
    document_phrase = models.CharField(
        _("in a decision's title"),
        max_length=300,
        help_text=_("Plural, lower case, e.g. “điểm sáng thực hiện Quy chế dân chủ ở cơ sở”."),
    )
    certificate_title = models.CharField(
        _("on a certificate"),
        max_length=300,
        help_text=_("Singular, e.g. “Điểm sáng thực hiện Quy chế dân chủ ở cơ sở”."),
    )
    unit_kinds = ArrayField(
        models.CharField(max_length=16, choices=UnitKind.choices),
        verbose_name=_("units that register it"),
        blank=True,
        default=list,
        help_text=_("None ticked: every unit that reports."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of bright spot")
        verbose_name_plural = _("kinds of bright spot")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="processkind_unique_code")
        ]

    def __str__(self):
        return self.name


class ProcessRoute(models.Model):
    """Where the lists' spots of one kind go: the receiving board, the office the list
    passes through and the board that gets a copy, by board function, at the province or
    at the nearest level above the sending unit."""

    version = models.ForeignKey(ProcessVersion, on_delete=models.CASCADE, related_name="routes")
    kind = models.SlugField(_("kind"), max_length=8)
    board = models.CharField(_("receiving board"), max_length=16, choices=BoardFunction.choices)
    via = models.CharField(
        _("passes through"), max_length=16, choices=BoardFunction.choices, blank=True
    )
    copy_to = models.CharField(
        _("copy to"), max_length=16, choices=BoardFunction.choices, blank=True
    )
    level = models.CharField(
        _("whose boards"), max_length=16, choices=RouteLevel.choices, default=RouteLevel.PROVINCE
    )

    class Meta:
        verbose_name = _("route of a kind's lists")
        verbose_name_plural = _("routes of lists")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="processroute_unique_kind")
        ]

    def __str__(self):
        return f"{self.kind} → {self.get_board_display()}"


class ProcessMinimum(models.Model):
    """The yearly minimum: every unit of ``unit_kind`` (every unit that reports, when
    empty) builds at least ``count`` bright spots of ``kind`` in a year."""

    version = models.ForeignKey(ProcessVersion, on_delete=models.CASCADE, related_name="minimums")
    kind = models.SlugField(_("kind"), max_length=8)
    unit_kind = models.CharField(
        _("units"),
        max_length=16,
        choices=UnitKind.choices,
        blank=True,
        help_text=_("Empty: every unit that reports."),
    )
    count = models.PositiveSmallIntegerField(_("at least"), default=1)

    class Meta:
        verbose_name = _("yearly minimum")
        verbose_name_plural = _("yearly minimums")
        ordering = ["unit_kind", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "unit_kind"], name="processminimum_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} ≥ {self.count}"


class ProcessDeadline(models.Model):
    """The default date of one of a year's dates (a new cycle's, which its administrator
    may still move) and the days before it that reminders go out."""

    version = models.ForeignKey(ProcessVersion, on_delete=models.CASCADE, related_name="deadlines")
    field = models.CharField(_("date"), max_length=32, choices=CycleDate.choices)
    day = models.PositiveSmallIntegerField(_("day"))
    month = models.PositiveSmallIntegerField(_("month"))
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("reminders, days before"),
        blank=True,
        default=list,
        help_text=_("E.g. 14, 7, 1. Empty: the portal's default."),
    )
    # A different date in a given year, as the guidance sets one ({"2022": "15/06"}).
    year_dates = models.JSONField(_("other dates in given years"), default=dict, blank=True)

    class Meta:
        verbose_name = _("default date")
        verbose_name_plural = _("default dates")
        constraints = [
            models.UniqueConstraint(fields=["version", "field"], name="processdeadline_unique")
        ]

    def __str__(self):
        return f"{self.get_field_display()} {self.day:02d}/{self.month:02d}"


class ProcessConferenceLevel(models.Model):
    """A level whose units hold the periodic commendation conference, over the years it
    exists (districts until 30/6/2025)."""

    version = models.ForeignKey(
        ProcessVersion, on_delete=models.CASCADE, related_name="conference_levels"
    )
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel.choices)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("commendation conference level")
        verbose_name_plural = _("commendation conference levels")
        ordering = ["level", "valid_from"]

    def __str__(self):
        return self.get_level_display()

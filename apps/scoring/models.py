"""Scoring sheets (bảng điểm) as versioned data, and the yearly scoring of units on them.

A sheet belongs to a province (none: the portal's default) and is numbered per code; it
is frozen once a round uses it (``frozen_at``): later changes go to a new number. A
unit's score in a round is a ``Scorecard``; each side (the unit's self-score, the
scorer's score) writes ``ScoreVersion``s, a draft until submitted, then never changed: a
resubmission after a return starts a new version.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.scoring.enums import ItemNature, ScorecardStatus, Side

POINTS = {"max_digits": 7, "decimal_places": 2}


class ScoringSheet(models.Model):
    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scoring_sheets",
        verbose_name=_("province"),
    )
    code = models.SlugField(_("code"), max_length=64)
    number = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=500)
    pass_threshold = models.DecimalField(_("pass threshold"), null=True, blank=True, **POINTS)
    # Day and month of the year's two dates (the self-score sent, the scores sent on).
    self_score_day = models.PositiveSmallIntegerField(_("self-score due (day)"))
    self_score_month = models.PositiveSmallIntegerField(_("self-score due (month)"))
    score_day = models.PositiveSmallIntegerField(_("scores due (day)"))
    score_month = models.PositiveSmallIntegerField(_("scores due (month)"))
    frozen_at = models.DateTimeField(_("in use since"), null=True, blank=True)
    # Kinds of bright spot whose dossiers are scored on this sheet (its items are the
    # criteria numbers of the dossier's criteria set); empty: a sheet for units' rounds.
    dossier_kinds = ArrayField(
        models.CharField(max_length=16), default=list, blank=True, verbose_name=_("dossiers of")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code", "number"],
                name="scoringsheet_unique_number",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.number})"


class SheetGroup(models.Model):
    """A group of items (I, II, ...) whose subtotal is multiplied by ``weight``."""

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("title"), max_length=500)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        ordering = ["sheet", "order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="sheetgroup_unique_code")
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class SheetItem(models.Model):
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="items")
    group = models.ForeignKey(SheetGroup, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("item"))
    points = models.DecimalField(_("points"), **POINTS)
    nature = models.CharField(
        _("nature"), max_length=8, choices=ItemNature.choices, default=ItemNature.POINTS
    )

    class Meta:
        ordering = ["sheet", "group__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="sheetitem_unique_code"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="sheetitem_points"),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class ClassBand(models.Model):
    """A class (xếp loại) for totals from ``lower`` (included) to ``upper`` (excluded,
    but the top band includes the sheet's maximum)."""

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="bands")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("class"), max_length=64)
    lower = models.DecimalField(_("from"), **POINTS)
    upper = models.DecimalField(_("to"), **POINTS)

    class Meta:
        ordering = ["sheet", "lower"]

    def __str__(self):
        return self.name


class ScorerRule(models.Model):
    """Who scores a unit: the board with ``scorer_function`` right under the province
    scores the units of ``unit_kind`` (and, when ``party_body`` is set, only Party bodies
    or only the others). Codes are data, as in the process's routes."""

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="scorer_rules")
    unit_kind = models.CharField(_("kind of unit"), max_length=16)
    party_body = models.BooleanField(_("Party body"), null=True, blank=True)
    scorer_function = models.CharField(_("scoring board (function)"), max_length=16)

    class Meta:
        ordering = ["sheet", "unit_kind", "party_body"]

    def __str__(self):
        return f"{self.unit_kind} → {self.scorer_function}"

    def matches(self, unit) -> bool:
        return unit.kind == self.unit_kind and (
            self.party_body is None or unit.is_party_body == self.party_body
        )


class ScoringRound(models.Model):
    """A year's scoring of a province's units on one sheet."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="scoring_rounds"
    )
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.PROTECT, related_name="rounds")
    self_score_due = models.DateField(_("self-scores due"))
    score_due = models.DateField(_("scores due"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        ordering = ["-cycle__year", "sheet__code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "sheet"], name="scoringround_unique_sheet")
        ]

    def __str__(self):
        return f"{self.sheet.title} {self.cycle.year}"

    def get_absolute_url(self):
        return reverse("scoring:round", args=[self.pk])


class Scorecard(models.Model):
    """A unit's score in a round; the totals of the last submitted version of each side
    are copied here so that the ranked table is one query."""

    round = models.ForeignKey(ScoringRound, on_delete=models.PROTECT, related_name="scorecards")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(
        _("status"), max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    self_total = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    scorer_total = models.DecimalField(_("score"), null=True, blank=True, **POINTS)
    final_class = models.CharField(_("class"), max_length=64, blank=True)
    passed = models.BooleanField(_("reached the threshold"), null=True, blank=True)
    scorer_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by (board)"),
    )
    return_reason = models.TextField(_("reason for the return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="scorecard_unique_unit")
        ]

    def __str__(self):
        return f"{self.unit} {self.round}"

    def get_absolute_url(self):
        return reverse("scoring:card", args=[self.pk])


class ScoreVersion(models.Model):
    """One side's score of a scorecard: a draft until ``submitted_at``, then frozen."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    number = models.PositiveSmallIntegerField(_("version"))
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    band = models.CharField(_("class"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scorecard", "side", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "side", "number"], name="scoreversion_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.scorecard} {self.side} {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.submitted_at is not None


class ScoreEntry(models.Model):
    version = models.ForeignKey(ScoreVersion, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(SheetItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS)
    note = models.CharField(_("evidence"), max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "item"], name="scoreentry_unique_item"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="scoreentry_points"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.points}"


class ScoringExtension(models.Model):
    """A later date for one side of one unit's scoring in a round (its self-score, or
    the scorer's score of it), with the reason recorded, as ``cycles.DeadlineExtension``
    is for the cycle's deadlines."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    new_date = models.DateField(_("extended to"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring extension")
        verbose_name_plural = _("scoring extensions")
        ordering = ["round", "unit__name", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "side"], name="scoringextension_unique_side"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_side_display()} → {self.new_date:%d/%m/%Y}"

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.criteria.querysets import CriteriaSetQuerySet


def kinds_display(kinds, province_id: int | None) -> str:
    """The kinds' names in the province's current process (the default one for a set
    shared by every province)."""
    from apps.cycles.process import current_process

    process = current_process(province_id)
    return ", ".join(process.label(kind) for kind in kinds)


class CriteriaSet(models.Model):
    """A versioned checklist. Once any bright spot uses a version it is frozen:
    changes make a new version (same ``code``, ``version`` + 1)."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    source = models.TextField(_("source document"), blank=True)
    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria_sets",
        verbose_name=_("province"),
    )
    kinds = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("kinds of bright spot covered"),
    )
    is_active = models.BooleanField(_("offered for new bright spots"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="criteriaset_unique_version")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("criteria:detail", args=[self.pk])

    def clean(self):
        if len(set(self.kinds or [])) != len(self.kinds or []):
            raise ValidationError({"kinds": _("Each kind once.")})

    @property
    def is_frozen(self) -> bool:
        """Used by a bright spot: its content may no longer change (revise it instead).
        Reads the ``in_use`` annotation of ``with_usage()`` when present."""
        in_use = getattr(self, "in_use", None)
        if in_use is None:
            in_use = self.bright_spots.exists()
        return in_use

    def kinds_display(self) -> str:
        return kinds_display(self.kinds, self.province_id)


class CriterionGroup(models.Model):
    """A heading of the checklist, e.g. "1. Tiêu chí chung" or "2.1 … QCDC"."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    number = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("title"), max_length=500)
    kinds = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("applies to"),
    )
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteriongroup_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def clean(self):
        """A group applies only to kinds its set covers."""
        if self.criteria_set_id and self.kinds:
            outside = set(self.kinds) - set(self.criteria_set.kinds)
            if outside:
                raise ValidationError(
                    {
                        "kinds": _("The set does not cover: %(kinds)s.")
                        % {"kinds": kinds_display(sorted(outside), self.criteria_set.province_id)}
                    }
                )

    def kinds_display(self) -> str:
        return kinds_display(self.kinds, self.criteria_set.province_id)


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"))
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only for provinces that score with points (bảng điểm)."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="criterion_unique_number")
        ]

    def __str__(self):
        return f"{self.number} {self.text[:80]}"

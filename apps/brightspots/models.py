from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.brightspots.enums import BrightSpotKind, BrightSpotStatus, RegistrationListStatus


class RegistrationList(models.Model):
    """A unit's registration list for one cycle, approved and sent by its leader."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="registration_lists"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="registration_lists"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationListStatus.choices,
        default=RegistrationListStatus.DRAFT,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(_("sent late (under an extension)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration list")
        verbose_name_plural = _("registration lists")
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle"], name="registrationlist_unique_year")
        ]

    def __str__(self):
        return f"{self.unit} · {self.cycle.year}"


class BrightSpot(models.Model):
    """A unit's registered bright spot for one year (điểm sáng)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="bright_spots", verbose_name=_("unit")
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="bright_spots",
        verbose_name=_("year"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=BrightSpotKind.choices)
    name = models.CharField(_("name"), max_length=500)
    address = models.CharField(_("concrete address"), max_length=500)
    field_of_work = models.CharField(_("field of work"), max_length=255, blank=True)
    problem = models.TextField(_("problem it solves"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bright_spots_in_charge",
        verbose_name=_("officer in charge"),
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        on_delete=models.PROTECT,
        related_name="bright_spots",
        verbose_name=_("criteria set"),
    )
    registration_list = models.ForeignKey(
        RegistrationList,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bright_spots",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BrightSpotStatus.choices,
        default=BrightSpotStatus.DRAFT,
        db_index=True,
    )
    # What the public showcase may show, chosen by the unit.
    is_public = models.BooleanField(_("show on the public showcase"), default=False)
    public_summary = models.TextField(_("public summary of what was done"), blank=True)
    public_effect = models.TextField(_("public summary of the effect"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bright spot")
        verbose_name_plural = _("bright spots")
        ordering = ["-cycle__year", "unit__path", "kind", "name"]
        indexes = [models.Index(fields=["cycle", "kind", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("brightspots:detail", args=[self.pk])


class PlanActivity(models.Model):
    """One dated activity of a bright spot's implementation plan."""

    bright_spot = models.ForeignKey(BrightSpot, on_delete=models.CASCADE, related_name="activities")
    description = models.CharField(_("activity"), max_length=500)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["bright_spot", "order", "start_date"]

    def __str__(self):
        return self.description

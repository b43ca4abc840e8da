from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.brightspots.enums import BrightSpotStatus, RegistrationListStatus, RoutingStatus
from apps.brightspots.querysets import BrightSpotQuerySet, RoutingQuerySet
from apps.core.folding import fold
from apps.cycles.process import kind_label


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

    def get_absolute_url(self):
        return reverse("brightspots:unit_year", args=[self.unit_id]) + f"?year={self.cycle.year}"

    @property
    def is_editable(self) -> bool:
        """Spots can be added or changed only while the list is a draft."""
        return self.status == RegistrationListStatus.DRAFT


class BrightSpot(models.Model):
    """A unit's registered bright spot for one year (điểm sáng)."""

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="bright_spots",
        verbose_name=_("unit"),
        db_index=False,  # the (unit, status) index serves it
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="bright_spots",
        verbose_name=_("year"),
    )
    # The unit's tree path, kept by the database (migration 0013's triggers: set on
    # every insert and on a change of unit, rewritten when the unit moves): a year's
    # list reads its order from the (cycle, unit_path) index and stops after a page,
    # instead of joining every unit of the province to sort; collation "C" lets the
    # index serve both that order and a subtree's prefix (``LIKE 'path%'``) whatever
    # the database's collation. Never written by code.
    unit_path = models.CharField(max_length=255, editable=False, default="", db_collation="C")
    kind = models.CharField(_("kind"), max_length=8)
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
    # The public showcase: the unit agrees (its leader, with the texts to show), then a
    # board that received it or the province's Ban Dân vận publishes it
    # (``services/publishing.py``).
    is_public = models.BooleanField(_("show on the public showcase"), default=False)
    public_summary = models.TextField(_("public summary of what was done"), blank=True)
    public_effect = models.TextField(_("public summary of the effect"), blank=True)
    publication_agreed_at = models.DateTimeField(
        _("the unit agreed to publish it at"), null=True, blank=True
    )
    publication_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Personal data on the showcase (Decree 13/2023/NĐ-CP): people are named there only
    # when the agreement said so; ended with the agreement (``services/publishing.py``).
    publication_names_consent = models.BooleanField(
        _("names and photos of people may be shown"), default=False
    )
    public_people = models.CharField(_("people named on the showcase"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A past year's spot taken from paper records (``apps/brightspots/imports.py``): it
    # went through no step of the portal and has no dossier; its audit row names the
    # importer.
    imported = models.BooleanField(_("imported from paper records"), default=False, editable=False)
    # Name and address in lower case without diacritics, for search (see ``fold``).
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BrightSpotQuerySet.as_manager()

    class Meta:
        verbose_name = _("bright spot")
        verbose_name_plural = _("bright spots")
        ordering = ["-cycle__year", "unit_path", "kind", "name", "id"]
        # (unit, status): a unit's spots in a state (the dossier queue, the to-do)
        # without the planner intersecting the whole province's status bitmap.
        # (cycle, unit_path): a year's list in its order (``YEAR_ORDER``).
        indexes = [
            models.Index(fields=["cycle", "kind", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["cycle", "unit_path"], name="spot_cycle_unit_path_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        """Keep ``search_text`` in step with the name and address."""
        self.search_text = self.folded_text()
        if update_fields is not None and {"name", "address"} & set(update_fields):
            update_fields = {*update_fields, "search_text"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("brightspots:detail", args=[self.pk])

    def get_kind_display(self) -> str:
        """The kind's name in the process of the spot's year."""
        return kind_label(self.kind, cycle_id=self.cycle_id)

    def folded_text(self) -> str:
        return fold(f"{self.name} {self.address}")


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


class RegistrationRouting(models.Model):
    """The part of a sent list of one kind, routed to the board that receives it
    (through ``via``, with a copy to ``copy_to``), and what that board did with it."""

    registration_list = models.ForeignKey(
        RegistrationList, on_delete=models.CASCADE, related_name="routings"
    )
    # The list's cycle, copied when the routing is made (a list never changes cycle):
    # the inbox filters a year on this table's own index instead of joining every list.
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    kind = models.CharField(_("kind"), max_length=8)
    board = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to")
    )
    via = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("through"),
    )
    copy_to = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copy to"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoutingStatus.choices,
        default=RoutingStatus.PENDING,
        db_index=True,
    )
    comment = models.TextField(_("board's comment"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = RoutingQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration routing")
        verbose_name_plural = _("registration routings")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_list", "kind"], name="routing_unique_list_kind"
            )
        ]
        indexes = [models.Index(fields=["cycle", "-sent_at", "-id"], name="routing_inbox_idx")]

    def __str__(self):
        return f"{self.registration_list} · {self.get_kind_display()} → {self.board}"

    def get_absolute_url(self):
        return reverse("brightspots:routing_detail", args=[self.pk])

    def get_kind_display(self) -> str:
        """The kind's name in the process of the list's year."""
        return kind_label(self.kind, cycle_id=self.cycle_id)


class Directive(models.Model):
    """The unit's document directing its subordinate units to build bright spots this
    year (guidance V: "có văn bản chỉ đạo cấp dưới")."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="directives", verbose_name=_("unit")
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="directives", verbose_name=_("year")
    )
    number = models.CharField(_("document number"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directive to subordinate units")
        verbose_name_plural = _("directives to subordinate units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle"], name="directive_unique_year")
        ]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class ProgressUpdate(models.Model):
    """The six-month (15/6) update on one bright spot: what was done so far."""

    bright_spot = models.ForeignKey(
        BrightSpot, on_delete=models.CASCADE, related_name="progress_updates"
    )
    text = models.TextField(_("what was done"))
    is_late = models.BooleanField(_("after the deadline"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.bright_spot} · {self.submitted_at:%d/%m/%Y}"


def progress_upload_to(attachment, filename: str) -> str:
    return f"brightspots/progress/{attachment.update.bright_spot_id}/{filename}"


class ProgressAttachment(models.Model):
    """A file attached to a progress update; served only by a permission-checked view."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=progress_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("progress attachment")
        verbose_name_plural = _("progress attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("brightspots:attachment", args=[self.pk])

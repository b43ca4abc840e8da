import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.dossiers.enums import (
    AttachmentPurpose,
    Conclusion,
    DossierStatus,
    LetterIssuer,
    Level,
    Section,
)
from apps.dossiers.querysets import DossierQuerySet

APPRAISE_PERMISSION = "dossiers.appraise_dossier"


class Dossier(models.Model):
    """The recognition dossier (hồ sơ công nhận) of one bright spot, in the guidance's
    three parts: the achievement summary (self-assessment and free sections), the
    appraisal, and the request letter (công văn đề nghị).

    ``lock_version`` grows with every write: a save based on an older value is
    refused (optimistic locking), so nobody overwrites a change they have not seen.
    """

    bright_spot = models.OneToOneField(
        "brightspots.BrightSpot",
        on_delete=models.PROTECT,
        related_name="dossier",
        verbose_name=_("bright spot"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    lock_version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now)

    how_done = models.TextField(Section.HOW_DONE.label, blank=True)
    lessons = models.TextField(Section.LESSONS.label, blank=True)
    effect = models.TextField(Section.EFFECT.label, blank=True)
    spread = models.TextField(Section.SPREAD.label, blank=True)

    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appraiser"),
    )
    conclusion = models.CharField(
        _("overall conclusion"), max_length=8, choices=Conclusion.choices, blank=True
    )
    appraisal_comments = models.TextField(_("appraiser's comments"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    pass_override_reason = models.TextField(
        _("reason for passing with criteria not met"),
        blank=True,
        help_text=_("Given by the appraiser who concluded “passed” over criteria not met."),
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)

    letter_number = models.CharField(_("request letter number"), max_length=64, blank=True)
    letter_date = models.DateField(_("request letter date"), null=True, blank=True)
    letter_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    letter_signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    letter_issuer = models.CharField(
        _("issued by"), max_length=16, choices=LetterIssuer.choices, blank=True
    )
    letter_issuing_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing body"),
    )

    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition dossier")
        verbose_name_plural = _("recognition dossiers")
        ordering = ["state_changed_at", "id"]
        permissions = [("appraise_dossier", _("Can appraise this dossier (single grant)"))]
        # The queue's order (oldest waiting first) walks the second index and stops
        # after a page; the first serves the state filter and counts.
        indexes = [
            models.Index(fields=["status", "state_changed_at"]),
            models.Index(fields=["state_changed_at", "id"], name="dossier_waiting_order_idx"),
        ]

    def __str__(self):
        return str(self.bright_spot)

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, label, text) of the free sections, in the guidance's order."""
        return [(s.value, s.label, getattr(self, s.value)) for s in Section]

    def days_waiting(self, now=None) -> int:
        return ((now or timezone.now()) - self.state_changed_at).days


class CriterionAssessment(models.Model):
    """One criterion of the dossier: the unit's self-assessment and, beside it, the
    appraiser's finding."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="assessments")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level reached"), max_length=8, choices=Level.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    finding_level = models.CharField(
        _("appraiser's finding"), max_length=8, choices=Level.choices, blank=True
    )
    finding_score = models.DecimalField(
        _("appraiser's score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    finding_note = models.TextField(_("appraiser's note"), blank=True)

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        ordering = ["criterion__group__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "criterion"], name="assessment_unique_criterion"
            )
        ]

    def __str__(self):
        return f"{self.dossier_id} · {self.criterion_id}"

    @property
    def is_scored(self) -> bool:
        return self.criterion.max_score is not None

    @property
    def is_not_met(self) -> bool:
        """Still "Chưa đạt": the appraiser's finding says so, or, where the appraiser
        recorded none, the unit's own assessment does."""
        return (self.finding_level or self.level) == Level.NOT_MET


def attachment_path(instance, filename: str) -> str:
    """A fresh directory per file: names never collide and never overwrite."""
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A file of a dossier. Validated by content before it is stored; served only by a
    permission-checked view. Once part of a submitted version it is never deleted:
    removing it from the dossier only hides it from the current state."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    assessment = models.ForeignKey(
        CriterionAssessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("criterion"),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=8,
        choices=AttachmentPurpose.choices,
        default=AttachmentPurpose.EVIDENCE,
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    is_submitted = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dossiers:attachment", args=[self.dossier_id, self.pk])


class DossierVersion(models.Model):
    """What the unit submitted, frozen: every criterion and section as they were, with
    the attachments then present. Rows are never updated or deleted (a database
    trigger refuses it)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossierversion_unique")
        ]

    def __str__(self):
        return f"{self.dossier_id} v{self.number}"

    def get_absolute_url(self):
        return reverse("dossiers:version", args=[self.dossier_id, self.number])

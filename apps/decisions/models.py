import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from apps.core import documents
from apps.cycles.process import kind_label, province_process
from apps.decisions.enums import (
    ACTIVE_PRINT_STATUSES,
    DecisionStatus,
    DocumentForm,
    PrintJobStatus,
    ProposalStatus,
    Signer,
)
from apps.decisions.querysets import CertificateQuerySet, DecisionQuerySet


class Decision(models.Model):
    """A recognition decision (Quyết định công nhận) of one recognising authority.

    Drafts are edited freely; an issued decision is never edited, only revoked.
    Text fields hold what is printed, in the layout of Nghị định 30/2020/NĐ-CP.
    """

    authority = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
        verbose_name=_("recognising authority"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
        db_index=True,
    )
    document_form = models.CharField(
        _("form"),
        max_length=8,
        choices=DocumentForm.choices,
        default=DocumentForm.STATE,
        editable=False,
        help_text=_("The Party's form when the authority is a Party body."),
    )
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(
        _("symbol"),
        max_length=40,
        default="QĐ-UBND",
        help_text=_("QĐ-UBND, QĐ-SNV …; in the Party's form QĐ/BDVTU."),
    )
    year = models.PositiveSmallIntegerField(_("year of signing"), editable=False)
    place = models.CharField(_("place"), max_length=100)
    signed_on = models.DateField(_("date"))
    issuer_parent = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        help_text=_("Printed above the issuing body when it has one, e.g. UBND TỈNH NGHỆ AN."),
    )
    issuer_name = models.CharField(
        _("issuing body"),
        max_length=255,
        help_text=_("Capitals; a line break splits it over two lines."),
    )
    issuer_power = models.CharField(
        _("issuing authority heading"),
        max_length=255,
        help_text=_("Printed above the legal bases, e.g. ỦY BAN NHÂN DÂN TỈNH NGHỆ AN."),
    )
    title = models.CharField(_("summary (trích yếu)"), max_length=500)
    legal_bases = models.TextField(_("legal bases (căn cứ)"), help_text=_("One per line."))
    article_one = models.TextField(
        _("Article 1"),
        help_text=_("The sentence before the list of recognised bright spots."),
    )
    later_articles = models.TextField(
        _("further articles"),
        help_text=_("One article per line; they are numbered Điều 2, Điều 3, … when printed."),
    )
    recipients = models.TextField(_("recipients (nơi nhận)"), help_text=_("One per line."))
    signer = models.CharField(
        _("who signs"),
        max_length=8,
        choices=Signer.choices,
        default=Signer.HEAD,
        help_text=_("Changing it writes the matching signature block (TM., KT., title)."),
    )
    signer_on_behalf = models.CharField(
        _("on behalf of (TM.)"), max_length=120, blank=True, help_text=_("e.g. TM. ỦY BAN NHÂN DÂN")
    )
    signer_delegation = models.CharField(
        _("signing for (KT.)"), max_length=120, blank=True, help_text=_("e.g. KT. CHỦ TỊCH")
    )
    signer_title = models.CharField(_("signer's title"), max_length=120)
    signer_name = models.CharField(_("signer's name"), max_length=120)
    bright_spots = models.ManyToManyField(
        "brightspots.BrightSpot",
        through="DecisionItem",
        related_name="decisions",
        verbose_name=_("bright spots"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # A paper decision of a past year (``apps/brightspots/imports.py``): only its number,
    # date, authority and signer are known; it is never printed or edited here.
    imported = models.BooleanField(_("imported from paper records"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-signed_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number", "symbol"],
                name="decision_unique_number_per_authority_year",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
        ]

    def __str__(self):
        return f"{self.number_label} ({self.signed_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("decisions:detail", args=[self.pk])

    @property
    def is_party_form(self) -> bool:
        return self.document_form == DocumentForm.PARTY

    @property
    def number_label(self) -> str:
        """The number and symbol, e.g. 05/QĐ-UBND (a leading zero below 10), or in the
        Party's form 05-QĐ/BDVTU."""
        return f"{self.number:02d}{'-' if self.is_party_form else '/'}{self.symbol}"

    @property
    def number_line(self) -> str:
        """As printed: "Số: 05/QĐ-UBND" or, in the Party's form, "Số 05-QĐ/BDVTU"."""
        form = documents.PARTY if self.is_party_form else documents.STATE
        kind, _sep, abbreviation = self.symbol.partition("/" if self.is_party_form else "-")
        return documents.number_line(f"{self.number:02d}", kind, abbreviation, form)

    @property
    def file_label(self) -> str:
        """The number label fit for a file name: 05/QĐ-UBND → 05-qd-ubnd."""
        return slugify(self.number_label.replace("Đ", "D").replace("đ", "d"))

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED

    def later_article_lines(self) -> list[str]:
        return _lines(self.later_articles)

    def legal_basis_lines(self) -> list[str]:
        """Each basis ends with ";" and the last with "." (Nghị định 30/2020/NĐ-CP)."""
        lines = [line.rstrip(" ;.,") for line in _lines(self.legal_bases)]
        return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]

    def recipient_lines(self) -> list[str]:
        return _lines(self.recipients)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DecisionItem(models.Model):
    """One bright spot listed in Article 1 of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    bright_spot = models.ForeignKey(
        "brightspots.BrightSpot", on_delete=models.PROTECT, related_name="decision_items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("recognised bright spot")
        verbose_name_plural = _("recognised bright spots")
        ordering = ["decision", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "bright_spot"], name="decisionitem_unique_bright_spot"
            )
        ]

    def __str__(self):
        return f"{self.decision} · {self.bright_spot}"


class Certificate(models.Model):
    """A Giấy công nhận: one per bright spot of an issued decision.

    The printed names are copied at issue, so a later rename of the unit or the
    bright spot never changes a certificate already handed out. The register number
    runs per authority and year of signing (``authority``, ``register_year``);
    certificates issued before the register keep their per-decision numbers and leave
    both empty.
    """

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("decision")
    )
    bright_spot = models.ForeignKey(
        "brightspots.BrightSpot",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("bright spot"),
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    serial = models.PositiveIntegerField(
        _("register number"), help_text=_("Runs per recognising authority and year of signing.")
    )
    authority = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recognising authority"),
        help_text=_("Empty on certificates numbered per decision, before the register."),
    )
    register_year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True)
    holder_name = models.CharField(_("bright spot"), max_length=500)
    unit_name = models.CharField(_("unit"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    is_revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["decision", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "bright_spot"], name="certificate_unique_bright_spot"
            ),
            models.UniqueConstraint(
                fields=["authority", "register_year", "serial"],
                condition=Q(authority__isnull=False),
                name="certificate_unique_serial_per_authority_year",
            ),
        ]

    def __str__(self):
        return f"{self.holder_name} · {self.decision.number_label}"

    def get_absolute_url(self):
        return reverse("decisions:certificate_pdf", args=[self.pk])

    def get_kind_display(self) -> str:
        """The kind's name in the process of the bright spot's year."""
        return kind_label(self.kind, cycle_id=self.bright_spot.cycle_id)

    def verification_path(self) -> str:
        return reverse("verify:certificate", args=[self.code])

    def verification_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.verification_path()

    @property
    def code_display(self) -> str:
        """The code in groups of four, easier to read aloud and type."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class PrintJob(models.Model):
    """Printing every certificate of a decision into one PDF, done by the worker.

    At most one queued or running job per decision (a partial unique index), so a
    second click while it runs finds the same job.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="print_jobs")
    status = models.CharField(
        _("status"), max_length=10, choices=PrintJobStatus.choices, default=PrintJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("printed"), default=0)
    file = models.FileField(_("file"), upload_to="certificates/batches/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate print job")
        verbose_name_plural = _("certificate print jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(status__in=ACTIVE_PRINT_STATUSES),
                name="printjob_one_active_per_decision",
            )
        ]

    def __str__(self):
        return f"{self.decision} · {self.get_status_display()} {self.done}/{self.total}"

    def get_absolute_url(self):
        return reverse("decisions:print_job", args=[self.pk])

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PRINT_STATUSES


class CommendationPeriod(models.Model):
    """A commendation period and the year of its conferences. Without a province it is
    the default of every province that has no periods of its own (the guidance's first
    five-year period: 2021–2025, conference in 2025); with one, it is that province's
    (a 3-year review 2023–2025, say), laid out from a first year and a length by
    ``services.commendations.commendation_periods_plan``."""

    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendation_periods",
        verbose_name=_("province"),
        help_text=_("Empty: the default period of every province without periods of its own."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    conference_year = models.PositiveSmallIntegerField(_("conference year"))

    class Meta:
        verbose_name = _("commendation period")
        verbose_name_plural = _("commendation periods")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "start_year", "end_year"],
                nulls_distinct=False,
                name="period_unique_years_per_province",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="period_years_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def length(self) -> int:
        """How many years the period covers."""
        return self.end_year - self.start_year + 1

    @property
    def conference_day(self) -> datetime.date:
        """The day the period's conferences are reckoned on: the last of the conference
        year (the levels holding one are the process's on that day)."""
        return datetime.date(self.conference_year, 12, 31)


class AwardForm(models.TextChoices):
    """The form of a commendation decision's award."""

    PRAISE = "praise", _("Praise (biểu dương)")
    MERIT_CERTIFICATE = "giay_khen", _("Certificate of merit (giấy khen)")
    MERIT_DIPLOMA = "bang_khen", _("Diploma of merit (bằng khen)")


class CommendationProposal(models.Model):
    """A steering board's selection of recognised bright spots of the period in its
    jurisdiction, proposed to the emulation and commendation council of its level,
    with the commendation decision that followed."""

    period = models.ForeignKey(
        CommendationPeriod,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("period"),
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="commendation_proposals",
        verbose_name=_("level (jurisdiction)"),
    )
    kind = models.CharField(_("kind"), max_length=8)
    council = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="commendation_proposals_received",
        verbose_name=_("emulation and commendation council"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
    )
    letter_number = models.CharField(_("proposal letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("proposal letter date"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_number = models.CharField(_("commendation decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("commendation decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=120, blank=True)
    decision_signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    decision_award = models.CharField(
        _("form of award"), max_length=10, choices=AwardForm.choices, blank=True
    )
    decided_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bright_spots = models.ManyToManyField(
        "brightspots.BrightSpot", through="CommendationItem", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["-period__start_year", "unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind"], name="proposal_unique_level_kind"
            )
        ]

    def __str__(self):
        return f"{self.period} · {self.unit} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("decisions:commendation_detail", args=[self.pk])

    def get_kind_display(self) -> str:
        """The kind's name in the current process of the level's province."""
        return province_process(self.unit).label(self.kind)


class CommendationItem(models.Model):
    """One bright spot in a proposal; ``is_commended`` is set when the decision is recorded."""

    proposal = models.ForeignKey(
        CommendationProposal, on_delete=models.CASCADE, related_name="items"
    )
    bright_spot = models.ForeignKey(
        "brightspots.BrightSpot", on_delete=models.PROTECT, related_name="commendation_items"
    )
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+")
    is_commended = models.BooleanField(_("commended"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed bright spot")
        verbose_name_plural = _("proposed bright spots")
        ordering = ["proposal", "certificate__year", "bright_spot__unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "bright_spot"], name="commendationitem_unique_bright_spot"
            )
        ]

    def __str__(self):
        return f"{self.proposal} · {self.bright_spot}"


class HonoreeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Honoree(models.Model):
    """A collective (a unit) or an individual (a person, with their unit and position;
    not necessarily a user of the portal) commended besides bright spots: proposed in a
    periodic ``proposal`` (``is_commended`` set when its decision is recorded), or named
    in a ``yearly`` commendation (commended by that document). Written by the services
    of ``services/commendations.py``."""

    proposal = models.ForeignKey(
        CommendationProposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honorees",
    )
    yearly = models.ForeignKey(
        "YearlyCommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honorees",
    )
    kind = models.CharField(_("collective or individual"), max_length=10, choices=HonoreeKind)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The collective itself, or the individual's unit."),
    )
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    position = models.CharField(_("position or title"), max_length=160, blank=True)
    # The full name folded (case, spaces) so that one person is not listed twice.
    name_key = models.CharField(max_length=120, blank=True, editable=False)
    achievement = models.CharField(_("achievement"), max_length=500, blank=True)
    is_commended = models.BooleanField(_("commended"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("commended collective or individual")
        verbose_name_plural = _("commended collectives and individuals")
        ordering = ["kind", "unit__path", "name_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, yearly__isnull=True)
                | Q(proposal__isnull=True, yearly__isnull=False),
                name="honoree_in_one_proposal_or_yearly",
            ),
            models.CheckConstraint(
                condition=Q(kind=HonoreeKind.COLLECTIVE, full_name="", position="")
                | (Q(kind=HonoreeKind.INDIVIDUAL) & ~Q(full_name="") & ~Q(position="")),
                name="honoree_individual_has_name_and_position",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=Q(kind=HonoreeKind.COLLECTIVE, proposal__isnull=False),
                name="honoree_unique_collective_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit", "name_key"],
                condition=Q(kind=HonoreeKind.INDIVIDUAL, proposal__isnull=False),
                name="honoree_unique_individual_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["yearly", "unit"],
                condition=Q(kind=HonoreeKind.COLLECTIVE, yearly__isnull=False),
                name="honoree_unique_collective_per_yearly",
            ),
            models.UniqueConstraint(
                fields=["yearly", "unit", "name_key"],
                condition=Q(kind=HonoreeKind.INDIVIDUAL, yearly__isnull=False),
                name="honoree_unique_individual_per_yearly",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_individual(self) -> bool:
        return self.kind == HonoreeKind.INDIVIDUAL

    @property
    def label(self) -> str:
        """ "Nguyễn Văn A, Chủ tịch UBND xã, Xã X" for a person; the unit's name for a
        collective."""
        if self.is_individual:
            return f"{self.full_name}, {self.position}, {self.unit.name}"
        return self.unit.name


def name_key(full_name: str) -> str:
    """The form of a full name compared for duplicates: case and spaces folded."""
    return " ".join(full_name.split()).casefold()


class CommendationConference(models.Model):
    """The record of one level's commendation conference (hội nghị biểu dương) of a
    period: one per level and period; edited through ``conference_save`` until a
    commendation decision of the level and period is recorded."""

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="commendation_conferences",
        verbose_name=_("level (jurisdiction)"),
    )
    period = models.ForeignKey(
        CommendationPeriod,
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("period"),
    )
    held_on = models.DateField(_("date held"))
    place = models.CharField(_("venue"), max_length=255)
    delegates = models.PositiveIntegerField(_("number of delegates"))
    document_number = models.CharField(_("document or minutes number"), max_length=60)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("commendation conference")
        verbose_name_plural = _("commendation conferences")
        ordering = ["-period__start_year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"], name="conference_one_per_level_and_period"
            ),
            models.CheckConstraint(condition=Q(delegates__gte=1), name="conference_has_delegates"),
        ]

    def __str__(self):
        return f"{self.period} · {self.unit}"

    def get_absolute_url(self):
        return reverse("decisions:commendation_conference", args=[self.unit_id, self.period_id])


class YearlyCommendationForm(models.TextChoices):
    """How a unit honours its bright spots of the year."""

    PRAISE = "praise", _("Praise (biểu dương)")
    REWARD = "reward", _("Reward (khen thưởng)")


class YearlyCommendation(models.Model):
    """A commune's or an agency's own praise or reward of effective bright spots of its
    subtree in one year ("Hằng năm, địa phương cấp xã, các cơ quan, đơn vị chủ động
    biểu dương, khen thưởng các điểm sáng có hiệu quả"), under one document. Written by
    ``yearly_commendation_record``; never edited: a wrong record is cancelled with a
    reason (``yearly_commendation_cancel``)."""

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="yearly_commendations",
        verbose_name=_("unit"),
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="yearly_commendations",
        verbose_name=_("year"),
    )
    commendation_form = models.CharField(
        _("form of commendation"), max_length=8, choices=YearlyCommendationForm.choices
    )
    document_number = models.CharField(_("document number"), max_length=60)
    document_date = models.DateField(_("document date"))
    signer = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(_("signer's title"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    bright_spots = models.ManyToManyField(
        "brightspots.BrightSpot",
        related_name="yearly_commendations",
        verbose_name=_("bright spots"),
    )
    # One per form shown: a second submission of the same form (a double click) finds
    # the record the first made.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("yearly commendation")
        verbose_name_plural = _("yearly commendations")
        ordering = ["-document_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "cycle", "document_number"],
                condition=Q(cancelled_at__isnull=True),
                name="yearlycommendation_unique_live_document",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="yearlycommendation_cancel_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.document_number} · {self.unit}"

    def get_absolute_url(self):
        return reverse("decisions:yearly_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class DecisionTemplate(models.Model):
    """An authority's standard wording, prefilled into each new decision it drafts."""

    authority = models.OneToOneField(
        "units.Unit",
        on_delete=models.CASCADE,
        related_name="decision_template",
        verbose_name=_("recognising authority"),
    )
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issuer_parent = models.CharField(_("governing body"), max_length=255, blank=True)
    issuer_name = models.CharField(_("issuing body"), max_length=255, blank=True)
    issuer_power = models.CharField(_("issuing authority heading"), max_length=255, blank=True)
    legal_bases = models.TextField(_("legal bases (căn cứ)"), blank=True)
    later_articles = models.TextField(_("further articles"), blank=True)
    recipients = models.TextField(_("recipients (nơi nhận)"), blank=True)
    signer_on_behalf = models.CharField(_("on behalf of (TM.)"), max_length=120, blank=True)
    signer_delegation = models.CharField(_("signing for (KT.)"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decision template")
        verbose_name_plural = _("decision templates")

    def __str__(self):
        return str(self.authority)

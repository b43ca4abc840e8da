from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


# An issued decision is never edited: it can only be revoked.
DECISION_TRANSITIONS: dict[str, set[str]] = {
    DecisionStatus.DRAFT: {DecisionStatus.ISSUED},
    DecisionStatus.ISSUED: {DecisionStatus.REVOKED},
    DecisionStatus.REVOKED: set(),
}


DecisionStatus.TONES = {"issued": "ok", "revoked": "warn"}


class Signer(models.TextChoices):
    """Who signs a decision: the head of the authority, a deputy signing for the head
    (KT.), or a person given the head's powers (Q., "được giao quyền cấp trưởng"),
    which decides the signature block (Nghị định 30/2020, Phụ lục I, II.8)."""

    HEAD = "head", _("The head")
    DEPUTY = "deputy", _("A deputy, signing for the head")
    ACTING = "acting", _("An acting head (Q.)")


class DocumentForm(models.TextChoices):
    """The State's form (Nghị định 30/2020/NĐ-CP) or the Party's (Hướng dẫn 36-HD/VPTW),
    decided by the issuing authority (``Unit.is_party_body``)."""

    STATE = "state", _("State (Decree 30/2020)")
    PARTY = "party", _("Party (Guidance 36-HD/VPTW)")


class PrintJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to print")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Printing failed")


ACTIVE_PRINT_STATUSES = (PrintJobStatus.QUEUED, PrintJobStatus.RUNNING)


class ProposalStatus(models.TextChoices):
    """A steering board's commendation proposal to the council of its level."""

    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed to the council")
    DECIDED = "decided", _("Commendation decided")


PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    ProposalStatus.DRAFT: {ProposalStatus.PROPOSED},
    ProposalStatus.PROPOSED: {ProposalStatus.DECIDED},
    ProposalStatus.DECIDED: set(),
}

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    """A recognition dossier's life; the decisions app takes over from PROPOSED."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for appraisal")
    UNDER_APPRAISAL = "under_appraisal", _("Under appraisal")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    PASSED = "passed", _("Appraised: passed")
    FAILED = "failed", _("Appraised: failed")
    PROPOSED = "proposed", _("Proposed for recognition")
    DECLINED = "declined", _("Proposal declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DossierStatus.TONES = {
    "passed": "ok",
    "proposed": "ok",
    "submitted": "warn",
    "resubmitted": "warn",
    "under_appraisal": "warn",
    "returned": "warn",
}

S = DossierStatus
# Which status may follow which. Withdrawal is possible until a decision is taken;
# a failed, declined or withdrawn dossier is closed.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.UNDER_APPRAISAL, S.WITHDRAWN},
    S.UNDER_APPRAISAL: {S.RETURNED, S.PASSED, S.FAILED, S.WITHDRAWN},
    S.RETURNED: {S.RESUBMITTED, S.WITHDRAWN},
    S.RESUBMITTED: {S.UNDER_APPRAISAL, S.WITHDRAWN},
    S.PASSED: {S.PROPOSED, S.DECLINED, S.WITHDRAWN},
    S.PROPOSED: {S.DECLINED, S.WITHDRAWN},
    S.FAILED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}

# Withdrawal is possible from these states (until a decision is taken).
WITHDRAWABLE = frozenset(
    state for state, nexts in ALLOWED_TRANSITIONS.items() if S.WITHDRAWN in nexts
)
# The unit may change its self-assessment only in these states.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Waiting for an appraiser.
AWAITING_APPRAISAL = frozenset({S.SUBMITTED, S.RESUBMITTED, S.UNDER_APPRAISAL})


class Level(models.TextChoices):
    """The level a criterion is reached (self-assessment and appraisal finding)."""

    GOOD = "good", _("Well met")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class Conclusion(models.TextChoices):
    PASSED = "passed", _("Passed (đạt)")
    FAILED = "failed", _("Failed (không đạt)")


class Section(models.TextChoices):
    """The free sections of the achievement summary (báo cáo tóm tắt thành tích)."""

    HOW_DONE = "how_done", _("How it was done")
    LESSONS = "lessons", _("Lessons learned")
    EFFECT = "effect", _("Effect")
    SPREAD = "spread", _("Spread")


class AttachmentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    LETTER = "letter", _("Signed scan of the request letter")


class LetterIssuer(models.TextChoices):
    """Who issues the request letter (công văn đề nghị), at the bright spot's level: the
    kind's steering board (BCĐ QCDC, BCĐ DVCQ), the Ban Dân vận (Dân vận khéo) or the
    leadership (``apps/dossiers/levels.py``)."""

    STEERING_BOARD = "steering_board", _("Steering board")
    MASS_MOBILISATION = "ban_dan_van", _("Ban Dân vận")
    LEADERSHIP = "leadership", _("Leadership of the locality or unit")

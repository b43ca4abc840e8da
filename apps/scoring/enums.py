from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemNature(models.TextChoices):
    """How an item's points count towards the total: earned (up to its points), a
    bonus (added, up to its points) or a penalty (taken off, up to its points)."""

    POINTS = "points", _("Points")
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")


class Side(models.TextChoices):
    """Who wrote a score: the unit itself, or the scorer the rules assign."""

    SELF = "self", _("Self-score")
    SCORER = "scorer", _("Scorer's score")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Self-scoring")
    SUBMITTED = "submitted", _("Self-score submitted")
    RETURNED = "returned", _("Returned to the unit")
    SCORED = "scored", _("Scored")


S = ScorecardStatus
ALLOWED_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.RETURNED, S.SCORED},
    S.RETURNED: {S.SUBMITTED},
    S.SCORED: set(),
}
# The unit writes its self-score in these states; the scorer scores in SUBMITTED.
SELF_EDITABLE = frozenset({S.DRAFT, S.RETURNED})
ScorecardStatus.TONES = {S.SUBMITTED: "warn", S.RETURNED: "warn", S.SCORED: "ok"}

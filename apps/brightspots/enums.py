from django.db import models
from django.utils.translation import gettext_lazy as _


class BrightSpotStatus(models.TextChoices):
    """A bright spot's life; the dossier phase has its own detailed states on Dossier."""

    DRAFT = "draft", _("Draft")
    REGISTERED = "registered", _("Registered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_RECOGNITION = "in_recognition", _("Dossier in recognition")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Badge tones (templates' ``status_badge``): done is green, waiting on someone is amber.
BrightSpotStatus.TONES = {
    "acknowledged": "ok",
    "in_progress": "ok",
    "recognised": "ok",
    "registered": "warn",
    "in_recognition": "warn",
}


class RegistrationListStatus(models.TextChoices):
    """A list a board returns goes back to DRAFT; its routing keeps the board's comment."""

    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class RoutingStatus(models.TextChoices):
    """What the receiving board did with the part of a list routed to it."""

    PENDING = "pending", _("Awaiting the board")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RETURNED = "returned", _("Returned to the unit")


RoutingStatus.TONES = {"acknowledged": "ok", "pending": "warn"}

S = BrightSpotStatus
# Which status may follow which. Registration moves draft → registered → acknowledged
# (the board) → in_progress (15/6 update); a returned list puts its spots back to draft.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.REGISTERED, S.WITHDRAWN},
    S.REGISTERED: {S.ACKNOWLEDGED, S.IN_RECOGNITION, S.DRAFT, S.WITHDRAWN},
    S.ACKNOWLEDGED: {S.IN_PROGRESS, S.IN_RECOGNITION, S.WITHDRAWN},
    S.IN_PROGRESS: {S.IN_RECOGNITION, S.WITHDRAWN},
    S.IN_RECOGNITION: {S.RECOGNISED, S.NOT_RECOGNISED, S.WITHDRAWN},
    S.RECOGNISED: {S.NOT_RECOGNISED},  # only when its decision is revoked
    S.NOT_RECOGNISED: set(),
    S.WITHDRAWN: set(),
}

L = RegistrationListStatus
# A list is sent by its leader; when every board has acknowledged its part the list is
# acknowledged; a board returning its part puts the list back to draft for a resend.
LIST_TRANSITIONS: dict[str, set[str]] = {
    L.DRAFT: {L.SENT},
    L.SENT: {L.ACKNOWLEDGED, L.DRAFT},
    L.ACKNOWLEDGED: set(),
}

R = RoutingStatus
# A resent list puts a returned part back to pending, and an acknowledged part too when
# the unit added spots of that kind (the board acknowledges the additions).
ROUTING_TRANSITIONS: dict[str, set[str]] = {
    R.PENDING: {R.ACKNOWLEDGED, R.RETURNED},
    R.ACKNOWLEDGED: {R.PENDING},
    R.RETURNED: {R.PENDING},
}

# Acknowledged and not yet in recognition: progress is reported (15/6) and the dossier
# opens.
UNDER_WAY = frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS})

# A list the boards have (sent, or already acknowledged).
LIST_SENT = frozenset({L.SENT, L.ACKNOWLEDGED})

# Statuses counted as "built this year" for the yearly minimum (sent in the list and
# not withdrawn).
COUNTED_STATUSES = frozenset(
    {S.REGISTERED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.IN_RECOGNITION, S.RECOGNISED, S.NOT_RECOGNISED}
)

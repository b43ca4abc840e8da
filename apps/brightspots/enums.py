from django.db import models
from django.utils.translation import gettext_lazy as _


class BrightSpotKind(models.TextChoices):
    QCDC = "qcdc", _("Grassroots democracy (QCDC) bright spot")
    DVCQ = "dvcq", _("Government mass-mobilisation (DVCQ) bright spot")
    DVK = "dvk", _("“Skilful mass mobilisation” (Dân vận khéo) model")


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


class RegistrationListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RETURNED = "returned", _("Returned")


S = BrightSpotStatus
# Which status may follow which. Registration moves draft → registered → acknowledged
# (the board) → in_progress (15/6 update); a returned list puts its spots back to draft.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.REGISTERED, S.WITHDRAWN},
    S.REGISTERED: {S.ACKNOWLEDGED, S.DRAFT, S.WITHDRAWN},
    S.ACKNOWLEDGED: {S.IN_PROGRESS, S.IN_RECOGNITION, S.WITHDRAWN},
    S.IN_PROGRESS: {S.IN_RECOGNITION, S.WITHDRAWN},
    S.IN_RECOGNITION: {S.RECOGNISED, S.NOT_RECOGNISED, S.WITHDRAWN},
    S.RECOGNISED: {S.NOT_RECOGNISED},  # only when its decision is revoked
    S.NOT_RECOGNISED: set(),
    S.WITHDRAWN: set(),
}

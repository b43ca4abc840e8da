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

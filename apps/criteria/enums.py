from django.db import models
from django.utils.translation import gettext_lazy as _


class BrightSpotKind(models.TextChoices):
    """The kinds of bright spot a criteria set covers and a unit registers."""

    QCDC = "qcdc", _("Grassroots democracy (QCDC) bright spot")
    DVCQ = "dvcq", _("Government mass-mobilisation (DVCQ) bright spot")
    DVK = "dvk", _("“Skilful mass mobilisation” (Dân vận khéo) model")

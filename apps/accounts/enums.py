from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are held in a unit and reach that unit's whole subtree."""

    OFFICER = "officer", _("Unit officer")
    LEADER = "leader", _("Unit leader")
    APPRAISER = "appraiser", _("Appraiser")
    STEERING = "steering", _("Steering board member")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


ALL_ROLES = frozenset(Role)

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

# Role sets, named once. A unit's own staff write and send its work.
UNIT_STAFF = frozenset({Role.OFFICER, Role.LEADER})
# Who writes the request letter (công văn đề nghị): the steering board or the leadership.
PROPOSERS = frozenset({Role.STEERING, Role.LEADER})
DECISION_MAKERS = frozenset({Role.DECISION_MAKER})
# Who may assign an appraiser to one dossier.
GRANTORS = frozenset({Role.ADMIN, Role.STEERING})
# A seat on a board: those who act on what reaches it, and those who only read.
BOARD_ACTORS = frozenset({Role.STEERING, Role.APPRAISER})
BOARD_ROLES = BOARD_ACTORS | {Role.OBSERVER}
# Who follows a subtree's figures and reports.
SUPERVISORS = frozenset({Role.OBSERVER, Role.STEERING, Role.ADMIN, Role.APPRAISER})
# Who is told which units are late (the level above them).
LATE_LIST_RECIPIENTS = frozenset({Role.ADMIN, Role.STEERING, Role.OBSERVER})
# Who reads every decision of an authority in their reach, and its commendation
# proposals; who prints its certificates (the authority's office).
DECISION_READERS = frozenset(
    {Role.DECISION_MAKER, Role.STEERING, Role.APPRAISER, Role.OBSERVER, Role.ADMIN}
)
COMMENDATION_READERS = frozenset({Role.STEERING, Role.DECISION_MAKER, Role.OBSERVER, Role.ADMIN})
CERTIFICATE_PRINTERS = frozenset({Role.DECISION_MAKER, Role.ADMIN})
# Who reads a unit's own review report: its staff and its head.
UNIT_READERS = UNIT_STAFF | {Role.DECISION_MAKER}
# Who records a unit's own yearly praise or reward of its bright spots ("địa phương cấp
# xã, các cơ quan, đơn vị chủ động biểu dương, khen thưởng"): its leader or its head.
LOCAL_COMMENDERS = frozenset({Role.LEADER, Role.DECISION_MAKER})

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.criteria.enums import BrightSpotKind
from apps.units.enums import BoardFunction


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

# The yearly minimum of every unit (guidance V, Đề án 04): at least one counted bright
# spot of each of these kinds. The one definition: the unit page (``KindCounts``) and
# the dashboards (``reports.selectors.figures.MINIMUM``) both read it.
MINIMUM_KINDS = (BrightSpotKind.QCDC, BrightSpotKind.DVCQ, BrightSpotKind.DVK)

# Statuses counted as "built this year" for the yearly minimum (sent in the list and
# not withdrawn).
COUNTED_STATUSES = frozenset(
    {S.REGISTERED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.IN_RECOGNITION, S.RECOGNISED, S.NOT_RECOGNISED}
)


class RouteLevel(models.TextChoices):
    """Whose boards receive a kind's lists: the province's (the guidance names the
    provincial boards, "Ban chỉ đạo ... tỉnh", "Sở Nội vụ", "Ban Dân vận Tỉnh ủy"), or,
    for each board function, the nearest one above the sending unit."""

    PROVINCE = "province", _("the province's boards")
    NEAREST = "nearest", _("the nearest boards above the unit")


class RouteRule(NamedTuple):
    """Where a list's spots of one kind go, as board functions: the receiving board, the
    office the list passes through and the board that gets a copy ("" for none), taken
    at ``level``. A board function is carried by any unit, whatever its kind (Sở Nội vụ
    is a department with ``function=noi_vu``)."""

    board: str
    via: str = ""
    copy_to: str = ""
    level: str = RouteLevel.PROVINCE

    def steps(self) -> list[tuple[str, str]]:
        """(role, function) of each step the route names, receiving board first."""
        named = (("board", self.board), ("via", self.via), ("copy_to", self.copy_to))
        return [(role, function) for role, function in named if function]


# Where a list's spots of each kind go (guidance II.3: "gửi Ban chỉ đạo công tác dân vận
# chính quyền (qua Sở Nội vụ, đồng thời gửi 01 bản về Ban Dân vận Tỉnh ủy) và điểm sáng
# quy chế dân chủ gửi Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh (qua Ban Dân vận
# Tỉnh ủy)"; Dân vận khéo: Ban Dân vận, Đề án 04). Nghệ An's lists all go to the
# province's boards, whatever level the sending unit sits at.
ROUTES: dict[str, RouteRule] = {
    BrightSpotKind.DVCQ: RouteRule(
        BoardFunction.DVCQ_STEERING,
        via=BoardFunction.HOME_AFFAIRS,
        copy_to=BoardFunction.MASS_MOBILISATION,
        level=RouteLevel.PROVINCE,
    ),
    BrightSpotKind.QCDC: RouteRule(
        BoardFunction.QCDC_STEERING,
        via=BoardFunction.MASS_MOBILISATION,
        level=RouteLevel.PROVINCE,
    ),
    BrightSpotKind.DVK: RouteRule(BoardFunction.MASS_MOBILISATION, level=RouteLevel.PROVINCE),
}

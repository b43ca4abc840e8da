from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    DISTRICT = "district", _("District (before the 2025 reform)")
    COMMUNE = "commune", _("Commune / ward / special zone")
    DEPARTMENT = "department", _("Provincial department, board or sector")
    AGENCY = "agency", _("Agency")
    SUBUNIT = "subunit", _("Subordinate unit")
    BOARD = "board", _("Board or steering committee")
    ENTERPRISE = "enterprise", _("Enterprise")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")
    UNIT = "unit", _("Unit level")


class BoardFunction(models.TextChoices):
    """What a board does in the workflow; routing of lists and proposals uses it."""

    NONE = "", _("(none)")
    MASS_MOBILISATION = "ban_dan_van", _("Ban Dân vận")
    HOME_AFFAIRS = "noi_vu", _("Sở / Phòng Nội vụ")
    QCDC_STEERING = "bcd_qcdc", _("BCĐ thực hiện Quy chế dân chủ ở cơ sở")
    DVCQ_STEERING = "bcd_dvcq", _("BCĐ công tác dân vận chính quyền")
    EMULATION_COUNCIL = "hd_tdkt", _("Hội đồng thi đua – khen thưởng")
    TRADE_UNION = "cong_doan", _("Liên đoàn Lao động (công đoàn)")

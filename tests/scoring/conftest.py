"""A second province run from ``fixtures/process/tay-ninh.json`` alone: its units and
boards, its people, the file loaded with the one command, and its 2026 cycle. Reused by
the scoring tests and by the commendation step of the second province's year."""

import datetime
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.accounts.enums import Role
from apps.decisions.models import CommendationPeriod
from apps.scoring.models import ScoringSheet
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_cycle
from tests.cycles.factories import cover_kinds
from tests.factories import make_member, make_unit

FIXTURE = settings.BASE_DIR / "fixtures" / "process" / "tay-ninh.json"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def _board(province, name, function, code):
    return make_unit(
        name,
        parent=province,
        kind=UnitKind.BOARD,
        level=UnitLevel.PROVINCE,
        function=function,
        code=code,
    )


@pytest.fixture
def second_province(db):
    """Tỉnh Tây Ninh (thử) with the boards the file's routes and scorers name, four
    units of four kinds, a scorer in each board, the file loaded for it by
    ``manage.py load_process`` (its process, scoring sheet and 3-year review period
    2023–2025, laid out as its administrator) and its 2026 cycle."""
    province = make_unit("Tỉnh Tây Ninh (thử)", code="TN-TEST")
    boards = {
        "ban_dan_van": _board(
            province, "Ban Dân vận Tỉnh ủy", BoardFunction.MASS_MOBILISATION, "TN-BDV"
        ),
        "noi_vu": _board(province, "Sở Nội vụ", BoardFunction.HOME_AFFAIRS, "TN-SNV"),
        "bcd": _board(
            province,
            "Ban Chỉ đạo thực hiện QCDC ở cơ sở và công tác VĐQC tỉnh",
            BoardFunction.QCDC_STEERING,
            "TN-BCD",
        ),
        # No BoardFunction names the trade union yet: the function is the file's code.
        "cong_doan": _board(province, "Liên đoàn Lao động tỉnh", "cong_doan", "TN-LDLD"),
        "council": _board(
            province,
            "Hội đồng Thi đua – Khen thưởng tỉnh",
            BoardFunction.EMULATION_COUNCIL,
            "TN-HD",
        ),
    }
    commune = make_unit(
        "Phường Hòa Thành", parent=province, code="TN-W1", is_recognising_authority=True
    )
    other_commune = make_unit("Xã Trảng Bàng", parent=province, code="TN-W2")
    department = make_unit(
        "Sở Giáo dục và Đào tạo",
        parent=province,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
        code="TN-SGD",
    )
    party = make_unit(
        "Đảng ủy Khối cơ quan và Doanh nghiệp tỉnh",
        parent=province,
        kind=UnitKind.AGENCY,
        level=UnitLevel.PROVINCE,
        code="TN-DUK",
        is_party_body=True,
    )
    enterprise = make_unit(
        "Công ty TNHH Cao su Tây Ninh",
        parent=province,
        kind="enterprise",
        level=UnitLevel.UNIT,
        code="TN-DN1",
    )
    people = {
        "officer": make_member(commune, Role.OFFICER, username="tn_officer"),
        "leader": make_member(commune, Role.LEADER, username="tn_leader"),
        "decision_maker": make_member(commune, Role.DECISION_MAKER, username="tn_chair"),
        "dept_officer": make_member(department, Role.OFFICER, username="tn_dept_officer"),
        "dept_leader": make_member(department, Role.LEADER, username="tn_dept_leader"),
        "party_officer": make_member(party, Role.OFFICER, username="tn_party_officer"),
        "party_leader": make_member(party, Role.LEADER, username="tn_party_leader"),
        "other_officer": make_member(other_commune, Role.OFFICER, username="tn_other"),
        "noi_vu": make_member(boards["noi_vu"], Role.APPRAISER, username="tn_noi_vu"),
        "ban_dan_van": make_member(boards["ban_dan_van"], Role.APPRAISER, username="tn_bdv"),
        "cong_doan": make_member(boards["cong_doan"], Role.APPRAISER, username="tn_ldld"),
        "admin": make_member(province, Role.ADMIN, username="tn_admin"),
        "observer": make_member(province, Role.OBSERVER, username="tn_observer"),
    }
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    cover_kinds(data)  # the criteria migration's sets, should a test have emptied them
    call_command("load_process", str(FIXTURE), province="TN-TEST", by="tn_admin")
    cycle = make_cycle(province, 2026)
    return SimpleNamespace(
        province=province,
        boards=boards,
        commune=commune,
        other_commune=other_commune,
        department=department,
        party=party,
        enterprise=enterprise,
        people=people,
        cycle=cycle,
        sheet=ScoringSheet.objects.get(province=province),
        review=CommendationPeriod.objects.get(province=province),
        data=data,
    )

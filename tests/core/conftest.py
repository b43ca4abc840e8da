"""Fixtures of the browser checks of tests/core (phones, accessibility)."""

import datetime

import pytest

from apps.accounts.enums import Role
from apps.brightspots.services import registration_list_send
from tests.brightspots.factories import make_bright_spot, make_criteria_set, make_cycle
from tests.factories import make_member, make_unit


@pytest.fixture
def year_under_way(province, commune, other_commune, boards):
    cycle = make_cycle(province, 2026)
    make_cycle(province, 2027)  # open for drafting
    make_member(other_commune, Role.OFFICER, username="drafter")
    make_criteria_set(code="nghe-an")
    leader = make_member(commune, Role.LEADER, username="leader")
    make_member(commune, Role.OFFICER, username="officer")
    make_member(boards["bcd_qcdc"], Role.STEERING, username="board")
    make_member(province, Role.ADMIN, username="quantri")
    for n in range(3):
        other = make_unit(f"Xã có tên khá dài số {n} của huyện miền núi", parent=province)
        make_bright_spot(other, cycle=cycle, name=f"Mô hình dân vận khéo có tên rất dài số {n}")
    spot = make_bright_spot(commune, cycle=cycle, name="Đối thoại định kỳ với nhân dân khối phố")
    registration_list_send(
        registration_list=spot.registration_list,
        by=leader,
        now=datetime.datetime(2026, 3, 20, tzinfo=datetime.UTC),
    )
    return cycle

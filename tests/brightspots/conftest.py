import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.enums import Role
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_criteria_set
from tests.factories import make_member, make_unit

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at_local(year, month, day, hour=9, minute=0):
    """Freeze time at a wall-clock moment in Vietnam."""
    return time_machine.travel(
        datetime.datetime(year, month, day, hour, minute, tzinfo=VIETNAM), tick=False
    )


@pytest.fixture
def criteria_set(db):
    return make_criteria_set()


@pytest.fixture
def boards(province):
    """The provincial boards a registration list is routed to, built as
    ``fixtures/nghe_an_agencies.csv`` builds them: Sở Nội vụ is a department (a
    recognising authority) carrying the board function ``noi_vu``, not a board."""

    def unit(name, function, code, kind=UnitKind.BOARD, **fields):
        return make_unit(
            name,
            parent=province,
            kind=kind,
            level=UnitLevel.PROVINCE,
            function=function,
            code=code,
            **fields,
        )

    return {
        "ban_dan_van": unit("Ban Dân vận Tỉnh ủy", BoardFunction.MASS_MOBILISATION, "P40-BDV"),
        "noi_vu": unit(
            "Sở Nội vụ",
            BoardFunction.HOME_AFFAIRS,
            "P40-SNV",
            kind=UnitKind.DEPARTMENT,
            is_recognising_authority=True,
        ),
        "bcd_qcdc": unit("BCĐ QCDC tỉnh", BoardFunction.QCDC_STEERING, "P40-QCDC"),
        "bcd_dvcq": unit("BCĐ công tác DVCQ tỉnh", BoardFunction.DVCQ_STEERING, "P40-DVCQ"),
    }


@pytest.fixture
def board_members(boards):
    """A steering member of each board (username ``<function>_member``)."""
    return {
        key: make_member(board, Role.STEERING, username=f"{key}_member")
        for key, board in boards.items()
    }


@pytest.fixture
def march_29():
    with at_local(2026, 3, 29):
        yield

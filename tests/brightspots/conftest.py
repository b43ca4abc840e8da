import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.enums import Role
from tests.brightspots.factories import make_criteria_set
from tests.factories import make_member

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

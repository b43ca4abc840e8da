import datetime

import pytest
import time_machine
from django.core.cache import cache

from tests.decisions.factories import VINH, decision_maker_of, make_authority, make_proposed_spot

# The last day of the 2026 recognition window, late enough that the drafts the
# factories date 30/11/2026 are not in the future.
LAST_DAY_OF_THE_WINDOW = datetime.datetime(2026, 11, 30, 16, tzinfo=VINH)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The verification page counts requests per address in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def authority(commune):
    """Phường Vinh Phú, recognising its own bright spots."""
    return make_authority(commune)


@pytest.fixture
def decision_maker(authority):
    return decision_maker_of(authority, username="chu_tich_phuong")


@pytest.fixture
def spots(authority):
    return [
        make_proposed_spot(authority, name="Đối thoại trực tiếp với Nhân dân ở khối Yên Giang"),
        make_proposed_spot(authority, name="Công khai thủ tục hành chính tại bộ phận một cửa"),
    ]


@pytest.fixture
def in_the_window():
    """The clock on 30/11/2026, inside the 2026 recognition window, for pages that
    issue a decision (the services they call take the real time)."""
    with time_machine.travel(LAST_DAY_OF_THE_WINDOW, tick=True):
        yield

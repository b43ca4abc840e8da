import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.enums import Role
from tests.dossiers.factories import make_dossier
from tests.factories import make_member

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at_local(year, month, day, hour=9, minute=0, second=0):
    """Freeze time at a wall-clock moment in Vietnam."""
    return time_machine.travel(
        datetime.datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM), tick=False
    )


@pytest.fixture
def in_window():
    with at_local(2026, 10, 20):
        yield


@pytest.fixture
def appraiser(province):
    return make_member(province, Role.APPRAISER, username="appraiser")


@pytest.fixture
def steering(province):
    return make_member(province, Role.STEERING, username="steering")


@pytest.fixture
def decision_maker(province):
    return make_member(province, Role.DECISION_MAKER, username="chairman")


@pytest.fixture
def dossier(commune, cycle, officer):
    """A draft dossier of the commune, self-assessment filled in."""
    return make_dossier(commune, cycle=cycle, filled=True, by=officer)


@pytest.fixture
def fresh_content_types():
    """For transactional tests: another app's transactional test may have flushed and
    restored the tables with new content type ids; the in-process cache would still
    hold the old ones (audit rows point at content types)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()

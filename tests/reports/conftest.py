import datetime
from types import SimpleNamespace

import pytest

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationList
from apps.cycles.enums import DeadlineKind
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind
from tests.reminders.factories import extend, make_review_report, send_list
from tests.reports.factories import recognise

K = BrightSpotKind
S = BrightSpotStatus


@pytest.fixture
def landscape(province, boards):
    """The hand-counted province of the dashboard tests (see test_dashboard.py)."""
    cycle = make_cycle(province, 2026)
    previous = make_cycle(province, 2025)
    a = make_unit("Phường A", parent=province, code="A")
    school = make_unit("Trường A1", parent=a, kind="subunit", level="unit", code="A1")
    b = make_unit("Xã B", parent=province, code="B")
    c = make_unit("Xã C", parent=province, code="C")
    d = make_unit("Xã D", parent=province, code="D")

    make_bright_spot(a, cycle=cycle, kind=K.QCDC, status=S.REGISTERED)
    make_bright_spot(a, cycle=cycle, kind=K.DVCQ, status=S.ACKNOWLEDGED)
    recognise(make_bright_spot(a, cycle=cycle, kind=K.DVK, status=S.IN_RECOGNITION), number=3)
    make_bright_spot(school, cycle=cycle, kind=K.QCDC, status=S.REGISTERED)
    send_list(a, cycle)
    make_review_report(a, cycle)

    make_bright_spot(b, cycle=cycle, kind=K.QCDC, status=S.IN_PROGRESS)
    make_bright_spot(b, cycle=cycle, kind=K.DVCQ, status=S.WITHDRAWN)
    make_bright_spot(b, cycle=cycle, kind=K.DVK, status=S.DRAFT)

    extend(c, cycle, DeadlineKind.REGISTRATION, datetime.date(2026, 4, 30))

    spot_d = make_bright_spot(d, cycle=cycle, kind=K.QCDC, status=S.IN_RECOGNITION)
    recognise(spot_d, authority=province, number=7)
    RegistrationList.objects.filter(unit=d, cycle=cycle).update(status="sent", is_late=True)

    recognise(make_bright_spot(a, cycle=previous, kind=K.QCDC, status=S.IN_RECOGNITION))
    return SimpleNamespace(
        province=province, cycle=cycle, a=a, school=school, b=b, c=c, d=d, boards=boards
    )


@pytest.fixture
def bdv_member(boards):
    return make_member(boards["ban_dan_van"], Role.APPRAISER, username="bdv")

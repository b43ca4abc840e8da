"""Dashboard figures against a hand-counted province (tests/reports/conftest.py):

Phường A  QCDC registered, DVCQ acknowledged, DVK recognised (by A, commune level);
          list sent; review report submitted           → meets the minimum
  Trường A1 (subunit of A)  QCDC registered; no list
Xã B      QCDC in progress, DVCQ withdrawn, DVK draft; no list
Xã C      nothing; registration extended to 30/4
Xã D      QCDC recognised (by the province); list sent late under an extension
2025      A: QCDC recognised
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotKind, BrightSpotStatus
from apps.reports.selectors.dashboard import dashboard
from apps.reports.selectors.figures import subtree_rows, totals
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.reminders.factories import send_list
from tests.reports.factories import recognise

K = BrightSpotKind
S = BrightSpotStatus
APRIL = datetime.date(2026, 4, 15)
DECEMBER = datetime.date(2026, 12, 1)


def figures(landscape, unit=None, today=APRIL):
    return dashboard(unit=unit or landscape.province, cycle=landscape.cycle, today=today)


@pytest.mark.django_db
def test_counts_by_kind_and_state(landscape):
    board = figures(landscape)

    nonzero = {
        (kind, status): n for kind, row in board.by_kind.items() for status, n in row.items() if n
    }
    assert nonzero == {
        (K.QCDC, S.REGISTERED): 2,
        (K.QCDC, S.IN_PROGRESS): 1,
        (K.QCDC, S.RECOGNISED): 1,
        (K.DVCQ, S.ACKNOWLEDGED): 1,
        (K.DVCQ, S.WITHDRAWN): 1,
        (K.DVK, S.RECOGNISED): 1,
        (K.DVK, S.DRAFT): 1,
    }


@pytest.mark.django_db
def test_rows_per_direct_child_subtree(landscape):
    rows = {row.unit.name: row for row in figures(landscape).rows}

    assert list(rows) == ["Phường A", "Xã B", "Xã C", "Xã D"]
    a = rows["Phường A"]
    assert (a.units, a.meeting, a.lists_sent, a.reports_submitted) == (2, 1, 1, 1)
    assert (a.qcdc, a.dvcq, a.dvk, a.recognised) == (2, 1, 1, 1)
    b = rows["Xã B"]
    assert (b.units, b.meeting, b.qcdc, b.dvcq, b.dvk, b.recognised) == (1, 0, 1, 0, 0, 0)
    d = rows["Xã D"]
    assert (d.units, d.meeting, d.lists_sent, d.qcdc, d.recognised) == (1, 0, 1, 1, 1)


@pytest.mark.django_db
def test_totals_and_units_meeting_the_minimum(landscape):
    board = figures(landscape)

    total = board.total
    assert (total.units, total.meeting, total.missing) == (5, 1, 4)
    assert (total.lists_sent, total.reports_submitted) == (2, 1)
    assert (total.qcdc, total.dvcq, total.dvk, total.recognised) == (4, 1, 1, 2)
    missing = {u.name: (u.has_qcdc, u.has_dvcq, u.has_dvk) for u in board.missing}
    assert missing == {
        "Trường A1": (True, False, False),
        "Xã B": (True, False, False),
        "Xã C": (False, False, False),
        "Xã D": (True, False, False),
    }


@pytest.mark.django_db
def test_late_registrations_honour_extensions(landscape):
    late = figures(landscape).late_registrations

    assert late.count == 2
    assert [u.name for u in late.units] == ["Trường A1", "Xã B"]
    assert late.done_late == 1


@pytest.mark.django_db
def test_nobody_is_late_before_the_deadline(landscape):
    board = figures(landscape, today=datetime.date(2026, 3, 30))

    assert (board.late_registrations.count, board.late_reports.count) == (0, 0)


@pytest.mark.django_db
def test_late_reports_after_30_november(landscape):
    late = figures(landscape, today=DECEMBER).late_reports

    assert late.count == 4
    assert late.done_late == 0


@pytest.mark.django_db
def test_recognitions_by_level_of_the_authority(landscape):
    recognitions = {level: n for level, _label, n in figures(landscape).recognitions}

    assert recognitions == {"province": 1, "district": 0, "commune": 1, "unit": 0}


@pytest.mark.django_db
def test_trend_over_the_years(landscape):
    trend = figures(landscape).trend

    assert trend == [
        {"year": 2025, "qcdc": 1, "dvcq": 0, "dvk": 0, "recognised": 1},
        {"year": 2026, "qcdc": 4, "dvcq": 1, "dvk": 1, "recognised": 2},
    ]


@pytest.mark.django_db
def test_subtree_of_a_commune_has_its_own_line_then_its_children(landscape):
    rows = subtree_rows(unit=landscape.a, cycle=landscape.cycle)

    assert [(r.unit.name, r.is_self, r.units, r.qcdc) for r in rows] == [
        ("Phường A", True, 1, 1),
        ("Trường A1", False, 1, 1),
    ]
    assert totals(rows).meeting == 1


@pytest.mark.django_db
def test_dashboard_page_shows_the_numbers_as_a_table_and_charts(landscape):
    observer = make_member(landscape.province, Role.OBSERVER)

    response = client_for(observer).get(reverse("reports:dashboard"), {"year": 2026})

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["unit"] == landscape.province
    assert page.count("<svg") == 4
    assert "Xã B" in page and "Trường A1" in page
    assert f"?unit={landscape.a.pk}&amp;year=2026" in page


@pytest.mark.django_db
def test_dashboard_drills_down_to_a_unit_in_reach(landscape):
    observer = make_member(landscape.province, Role.OBSERVER)

    response = client_for(observer).get(
        reverse("reports:dashboard"), {"unit": landscape.a.pk, "year": 2026}
    )

    assert response.context["board"].total.units == 2
    assert response.context["ancestors"] == [landscape.province]


def _grow(landscape, communes: int) -> None:
    for n in range(communes):
        unit = make_unit(f"Xã thêm {n}", parent=landscape.province, code=f"G{n}")
        child = make_unit(f"Trường thêm {n}", parent=unit, kind="subunit", level="unit")
        for kind in K.values:
            spot = make_bright_spot(unit, cycle=landscape.cycle, kind=kind, status=S.ACKNOWLEDGED)
        recognise(spot, number=100 + n)
        make_bright_spot(child, cycle=landscape.cycle, status=S.REGISTERED)
        send_list(unit, landscape.cycle)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:dashboard", "reports:summary"])
def test_query_count_does_not_grow_with_the_data(landscape, name):
    client = client_for(make_member(landscape.province, Role.OBSERVER))
    url, params = reverse(name), {"year": 2026}
    _queries(client, url, params)  # warm caches (content types, session)
    small = _queries(client, url, params)

    _grow(landscape, 12)
    large = _queries(client, url, params)

    assert large == small
    assert small <= 25


@pytest.mark.django_db
def test_steering_board_member_follows_the_whole_province(landscape):
    member = make_member(landscape.boards["bcd_qcdc"], Role.STEERING)

    response = client_for(member).get(reverse("reports:dashboard"), {"year": 2026})

    assert response.context["unit"] == landscape.province
    assert response.context["board"].total.units == 5

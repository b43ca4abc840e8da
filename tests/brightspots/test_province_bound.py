"""A board member's bright spots and inbox are read inside the board's province's
cycles: the list ORs the member's reach with "routed to my board", the inbox ORs three
board columns, and without a bound each scanned the rows of every province in the
database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.brightspots.models import BrightSpot, RegistrationList, RegistrationRouting
from apps.brightspots.services import registration_list_send
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.factories import make_unit
from tests.kinds import BrightSpotKind as K

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ, name="Điểm sáng chính quyền")
    registration_list_send(registration_list=spot.registration_list, by=leader)
    return RegistrationList.objects.get()


def test_the_board_members_list_is_bounded_by_the_province_and_shows_what_was_routed(
    sent, board_members, province, other_province
):
    member = board_members["bcd_dvcq"]
    make_bright_spot(make_unit("Xã Cẩm Xuyên", parent=other_province))  # never shown

    with CaptureQueriesContext(connection) as queries:
        response = client_for(member).get(reverse("brightspots:list") + "?year=")

    # The queries that pick the spots (the page's rows are then read by their ids).
    picking = [q["sql"] for q in queries if "EXISTS" in q["sql"] and "brightspot" in q["sql"]]
    assert [s.name for s in response.context["page"]] == ["Điểm sáng chính quyền"]
    assert picking
    assert all(_bounded(sql, province) for sql in picking)
    assert BrightSpot.objects.visible_to(member).count() == 1


def test_the_inbox_is_bounded_by_the_provinces_cycles(sent, board_members, province):
    member = board_members["bcd_dvcq"]

    with CaptureQueriesContext(connection) as queries:
        response = client_for(member).get(reverse("brightspots:inbox") + "?year=")

    picking = [q["sql"] for q in queries if '"board_id" IN' in q["sql"]]
    assert [r.kind for r in response.context["page"]] == [K.DVCQ]
    assert picking
    assert all(_bounded(sql, province) for sql in picking)


def _bounded(sql: str, province) -> bool:
    """The query keeps to the cycles of the province (the one path of its units)."""
    return '"cycle_id" IN (SELECT' in sql and f"IN ('{province.path}')" in sql


def test_the_boards_under_a_path_are_found_by_their_own_index(board_members):
    """The routings' boards are picked from the boards' partial index (units with a
    function), not from every unit of the province: the query's condition is the
    index's, so PostgreSQL can use it. Scans are turned off to ask whether it can (on a
    database this small it would rightly scan)."""
    routed = RegistrationRouting.objects.received_by(board_members["bcd_dvcq"])
    sql, params = routed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "unit_board_path_idx" in plan

"""Sending a list tells each receiving board's people (routing_recipients) with one
query for the people of all its routings: a list of three kinds costs the queries of
a list of one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationList, RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.notifications.models import Notification
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind as K


def _send(spot, leader) -> int:
    registration_list = RegistrationList.objects.get(pk=spot.registration_list_id)
    with CaptureQueriesContext(connection) as captured:
        registration_list_send(registration_list=registration_list, by=leader)
    return len(captured)


def _told(routing) -> set[str]:
    key = f"routing-sent:{routing.pk}:"
    return set(
        Notification.objects.filter(dedupe_key__startswith=key).values_list(
            "user__username", flat=True
        )
    )


def test_each_routing_tells_its_own_boards_people_in_one_query_for_all(
    boards, board_members, province, commune, other_commune, leader, cycle
):
    make_member(province, Role.STEERING, username="bcd")
    make_member(province, Role.OBSERVER, username="thuongtruc")
    make_member(boards["noi_vu"], Role.APPRAISER, username="noi_vu_appraiser")
    other_leader = make_member(other_commune, Role.LEADER, username="other_leader")
    one_kind = make_bright_spot(other_commune, cycle=cycle, kind=K.QCDC)
    three = [make_bright_spot(commune, cycle=cycle, kind=kind) for kind in K]
    third = make_unit("Xã Hưng Nguyên", parent=province, code="W17100")
    first_send = make_bright_spot(third, cycle=cycle, kind=K.DVK)

    with at_local(2026, 3, 29):
        _send(first_send, make_member(third, Role.LEADER, username="third_leader"))  # caches
        one = _send(one_kind, other_leader)
        many = _send(three[0], leader)

    routings = {r.kind: r for r in RegistrationRouting.objects.filter(
        registration_list_id=three[0].registration_list_id
    )}  # fmt: skip
    assert _told(routings[K.QCDC]) == {"bcd_qcdc_member", "ban_dan_van_member", "bcd"}
    assert _told(routings[K.DVCQ]) == {
        "bcd_dvcq_member",
        "noi_vu_member",
        "noi_vu_appraiser",
        "ban_dan_van_member",
        "bcd",
    }
    assert _told(routings[K.DVK]) == {"ban_dan_van_member", "bcd"}
    assert many == one

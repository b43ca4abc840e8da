"""A board acknowledges several registration lists at once from its inbox."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import registration_list_send, routing_acknowledge
from apps.core.models import AuditEvent
from apps.notifications.models import Notification
from tests.access import error_messages, success_messages
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind as K

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(province, boards):
    cycle = make_cycle(province, 2026)
    steering = make_member(boards["bcd_qcdc"], Role.STEERING)
    routings = []
    for name in ("Xã Một", "Xã Hai", "Xã Ba"):
        commune = make_unit(name, parent=province)
        officer = make_member(commune, Role.OFFICER)
        leader = make_member(commune, Role.LEADER)
        spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC, created_by=officer)
        with at_local(2026, 3, 20):
            registration_list_send(registration_list=spot.registration_list, by=leader)
        routings.append(RegistrationRouting.objects.get(registration_list=spot.registration_list))
    return steering, routings


def _post(user, routings):
    return client_for(user).post(
        reverse("brightspots:inbox_acknowledge"),
        {"routing": [r.pk for r in routings]},
        follow=True,
    )


def test_ticked_lists_are_acknowledged_together_and_their_units_told(setup):
    steering, routings = setup

    response = _post(steering, routings[:2])

    statuses = [r.status for r in RegistrationRouting.objects.order_by("pk")]
    assert statuses == [
        RoutingStatus.ACKNOWLEDGED,
        RoutingStatus.ACKNOWLEDGED,
        RoutingStatus.PENDING,
    ]
    assert success_messages(response) == ["Đã tiếp nhận 2 danh sách; đơn vị đã được thông báo."]
    audited = AuditEvent.objects.filter(action="acknowledge", actor=steering)
    assert {int(e.object_id) for e in audited} >= {routings[0].pk, routings[1].pk}
    spots = routings[0].registration_list.bright_spots.all()
    assert {s.status for s in spots} == {BrightSpotStatus.ACKNOWLEDGED}
    told = Notification.objects.filter(user__memberships__unit=routings[1].registration_list.unit)
    assert told.exists()


def test_a_list_answered_meanwhile_is_named_and_the_others_acknowledged(setup):
    steering, routings = setup
    routing_acknowledge(routing=routings[0], by=steering)

    response = _post(steering, routings)

    assert success_messages(response) == ["Đã tiếp nhận 2 danh sách; đơn vị đã được thông báo."]
    [refused] = error_messages(response)
    assert refused.startswith("Xã Một: ")
    assert not RegistrationRouting.objects.filter(status=RoutingStatus.PENDING).exists()


def test_lists_outside_the_users_inbox_are_left_alone(setup, other_province):
    _steering, routings = setup
    stranger = make_member(make_unit("Ban Dân vận khác", parent=other_province), Role.STEERING)

    response = _post(stranger, routings)

    assert error_messages(response) == ["Hãy đánh dấu các danh sách cần tiếp nhận trước."]
    assert not RegistrationRouting.objects.exclude(status=RoutingStatus.PENDING).exists()


def test_the_inbox_offers_a_tick_box_for_pending_lists_only(setup):
    steering, routings = setup
    routing_acknowledge(routing=routings[0], by=steering)

    page = client_for(steering).get(reverse("brightspots:inbox")).content.decode()

    assert f'value="{routings[0].pk}" form="bulk-acknowledge"' not in page
    assert f'value="{routings[1].pk}" form="bulk-acknowledge"' in page

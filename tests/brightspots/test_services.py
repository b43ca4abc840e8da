import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.brightspots.forms import activity_formset
from apps.brightspots.models import RegistrationList, RegistrationRouting
from apps.brightspots.selectors import route_problems
from apps.brightspots.services import (
    bright_spot_create,
    bright_spot_update,
    bright_spot_withdraw,
    directive_record,
    plan_period,
    registration_list_send,
    routing_acknowledge,
    routing_return,
)
from apps.brightspots.workflow import LIST_WORKFLOW
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused, refusal
from apps.cycles.enums import DeadlineKind, RouteLevel
from apps.cycles.models import DeadlineExtension, ProcessRules
from apps.notifications.models import Notification, OutboxEmail
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.services import import_errors, units_import
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_criteria_set
from tests.cycles.factories import make_process, pin
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind

pytestmark = pytest.mark.django_db

AGENCIES_CSV = settings.BASE_DIR / "fixtures" / "nghe_an_agencies.csv"

K = BrightSpotKind
S = BrightSpotStatus


def _fields(criteria_set, **changes):
    return {
        "kind": K.QCDC,
        "name": "Dân chủ trong thu chi quỹ",
        "address": "Khối 3, phường Vinh Phú",
        "criteria_set": criteria_set,
        **changes,
    }


def _activities(year=2026):
    return [
        {
            "description": "Họp dân công khai",
            "start_date": datetime.date(year, 4, 1),
            "end_date": datetime.date(year, 5, 1),
        }
    ]


def _list_of(spot):
    return RegistrationList.objects.get(pk=spot.registration_list_id)


# ---------------------------------------------------------------- drafting


def test_officer_drafts_a_bright_spot_into_the_units_list(officer, commune, cycle, criteria_set):
    with at_local(2026, 3, 1):
        spot = bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set),
            activities=_activities(),
        )

    assert spot.status == S.DRAFT
    assert spot.registration_list.unit == commune
    assert list(spot.activities.values_list("description", flat=True)) == ["Họp dân công khai"]
    assert AuditEvent.objects.filter(object_id=str(spot.pk), action="create").count() == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.STEERING, Role.ADMIN])
def test_drafting_is_refused_to_other_roles(role, commune, cycle, criteria_set):
    user = make_member(commune, role)

    with at_local(2026, 3, 1), pytest.raises(NotPermitted):
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=user,
            fields=_fields(criteria_set),
            activities=_activities(),
        )


def test_drafting_is_refused_outside_the_officers_unit(other_commune, cycle, criteria_set):
    outsider = make_member(other_commune, Role.OFFICER)
    commune = make_unit("Phường Trường Vinh", parent=cycle.province)

    with at_local(2026, 3, 1), pytest.raises(NotPermitted):
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=outsider,
            fields=_fields(criteria_set),
            activities=_activities(),
        )


def test_drafting_refuses_a_plan_without_activity_or_outside_the_year(
    officer, commune, cycle, criteria_set
):
    with at_local(2026, 3, 1), pytest.raises(ValidationError) as refusal:
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set, name=" ", kind=K.DVK),
            activities=_activities(2025),
        )

    errors = refusal.value.message_dict
    assert set(errors) == {"name", "__all__"}


def test_drafting_refuses_a_criteria_set_not_covering_the_kind(officer, commune, cycle):
    qcdc_only = make_criteria_set(kinds=[K.QCDC], code="qcdc-only")

    with at_local(2026, 3, 1), pytest.raises(ValidationError) as refusal:
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(qcdc_only, kind=K.DVCQ),
            activities=_activities(),
        )

    assert list(refusal.value.message_dict) == ["criteria_set"]


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [((2026, 3, 29, 9, 0), True), ((2026, 3, 30, 23, 59), True), ((2026, 3, 31, 0, 0), False)],
)
def test_drafting_closes_with_the_registration_deadline(
    moment, allowed, officer, commune, cycle, criteria_set
):
    def draft():
        return bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set),
            activities=_activities(),
        )

    with at_local(*moment):
        if allowed:
            draft()
        else:
            with pytest.raises(ValidationError, match="30/03/2026"):
                draft()

    assert RegistrationList.objects.filter(unit=commune).count() == int(allowed)


def test_editing_a_registered_bright_spot_is_refused(officer, commune, cycle, criteria_set):
    spot = make_bright_spot(commune, cycle=cycle, status=S.REGISTERED)

    with at_local(2026, 3, 1), pytest.raises(Refused):
        bright_spot_update(
            bright_spot=spot, by=officer, fields=_fields(criteria_set), activities=_activities()
        )


def test_editing_a_draft_replaces_its_activities(officer, commune, cycle, criteria_set):
    spot = make_bright_spot(commune, cycle=cycle, activities=3)

    with at_local(2026, 3, 1):
        bright_spot_update(
            bright_spot=spot,
            by=officer,
            fields=_fields(criteria_set, name="Tên mới"),
            activities=_activities(),
        )

    spot.refresh_from_db()
    assert spot.name == "Tên mới"
    assert spot.activities.count() == 1


# ---------------------------------------------------------------- sending, by date


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [((2026, 3, 29, 9, 0), True), ((2026, 3, 30, 23, 59), True), ((2026, 3, 31, 0, 0), False)],
)
def test_sending_is_allowed_until_the_end_of_30_march_local_time(
    moment, allowed, leader, commune, cycle, boards
):
    spot = make_bright_spot(commune, cycle=cycle)

    with at_local(*moment):
        if allowed:
            registration_list_send(registration_list=_list_of(spot), by=leader)
        else:
            with pytest.raises(ValidationError, match="30/03/2026"):
                registration_list_send(registration_list=_list_of(spot), by=leader)

    spot.refresh_from_db()
    assert spot.status == (S.REGISTERED if allowed else S.DRAFT)


def test_sending_after_the_deadline_under_an_extension_is_marked_late(
    leader, province_admin, commune, cycle, boards
):
    spot = make_bright_spot(commune, cycle=cycle)
    DeadlineExtension.objects.create(
        cycle=cycle,
        unit=commune,
        deadline=DeadlineKind.REGISTRATION,
        new_date=datetime.date(2026, 4, 15),
        reason="Bão lũ",
        granted_by=province_admin,
    )

    with at_local(2026, 3, 31, 0, 0):
        sent = registration_list_send(registration_list=_list_of(spot), by=leader)

    assert sent.status == "sent"
    assert sent.is_late is True


def test_sending_on_time_is_not_late(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle)

    sent = registration_list_send(registration_list=_list_of(spot), by=leader)

    assert sent.is_late is False
    assert sent.sent_by == leader


@pytest.mark.parametrize("role", [Role.OFFICER, Role.STEERING, Role.DECISION_MAKER])
def test_sending_is_refused_to_other_roles(role, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle)
    user = make_member(commune, role)

    with pytest.raises(NotPermitted):
        registration_list_send(registration_list=_list_of(spot), by=user)

    assert _list_of(spot).status == "draft"


def test_sending_is_refused_to_the_leader_of_another_unit(
    other_commune, commune, cycle, boards, march_29
):
    spot = make_bright_spot(commune, cycle=cycle)
    other_leader = make_member(other_commune, Role.LEADER)

    with pytest.raises(NotPermitted):
        registration_list_send(registration_list=_list_of(spot), by=other_leader)


def test_sending_an_empty_list_is_refused(leader, commune, cycle, boards, march_29):
    registration_list = RegistrationList.objects.create(unit=commune, cycle=cycle)

    with pytest.raises(ValidationError, match="không có điểm sáng dự thảo"):
        registration_list_send(registration_list=registration_list, by=leader)


def test_sending_twice_is_refused(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle)
    registration_list_send(registration_list=_list_of(spot), by=leader)

    with pytest.raises(Refused):
        registration_list_send(registration_list=_list_of(spot), by=leader)

    assert AuditEvent.objects.filter(action="send").count() == 1


def test_sending_writes_an_audit_record_per_transition(leader, commune, cycle, boards, march_29):
    first = make_bright_spot(commune, cycle=cycle)
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)

    registration_list_send(registration_list=_list_of(first), by=leader)

    assert AuditEvent.objects.filter(action="register", actor=leader).count() == 2
    event = AuditEvent.objects.get(action="send")
    assert (event.from_state, event.to_state, event.actor) == ("draft", "sent", leader)


# ---------------------------------------------------------------- routing


def _routing(spot):
    return RegistrationRouting.objects.get(registration_list_id=spot.registration_list_id)


def test_qcdc_goes_to_the_qcdc_board_through_ban_dan_van(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert (routing.board, routing.via, routing.copy_to) == (
        boards["bcd_qcdc"],
        boards["ban_dan_van"],
        None,
    )


def test_dvcq_goes_to_the_dvcq_board_through_noi_vu_with_a_copy_to_ban_dan_van(
    leader, commune, cycle, boards, march_29
):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert (routing.board, routing.via, routing.copy_to) == (
        boards["bcd_dvcq"],
        boards["noi_vu"],
        boards["ban_dan_van"],
    )


def test_dan_van_kheo_goes_to_ban_dan_van(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVK)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert (routing.board, routing.via, routing.copy_to) == (boards["ban_dan_van"], None, None)


def _district_with_qcdc_board(province):
    district = make_unit(
        "Huyện Nghi Lộc", parent=province, kind=UnitKind.DISTRICT, level=UnitLevel.DISTRICT
    )
    district_board = make_unit(
        "BCĐ QCDC huyện",
        parent=district,
        kind=UnitKind.BOARD,
        level=UnitLevel.DISTRICT,
        function=BoardFunction.QCDC_STEERING,
    )
    return make_unit("Xã Nghi Phong", parent=district), district_board


def test_a_unit_under_a_district_sends_to_the_provincial_boards(cycle, boards, march_29):
    commune, _district_board = _district_with_qcdc_board(cycle.province)
    leader = make_member(commune, Role.LEADER)
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert (routing.board, routing.via) == (boards["bcd_qcdc"], boards["ban_dan_van"])


def test_a_route_to_the_nearest_boards_goes_to_the_districts_board(cycle, boards, march_29):
    def nearest(data):
        route = next(r for r in data["routes"] if r["kind"] == K.QCDC)
        route["level"] = RouteLevel.NEAREST

    pin(cycle, make_process(cycle.province, nearest))
    commune, district_board = _district_with_qcdc_board(cycle.province)
    leader = make_member(commune, Role.LEADER)
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert (routing.board, routing.via) == (district_board, boards["ban_dan_van"])


def test_sending_without_a_receiving_board_is_refused(leader, commune, cycle, march_29):
    spot = make_bright_spot(commune, cycle=cycle)

    with pytest.raises(ValidationError, match="BCĐ"):
        registration_list_send(registration_list=_list_of(spot), by=leader)

    assert _list_of(spot).status == "draft"


@pytest.mark.parametrize(
    ("missing", "named"),
    [("noi_vu", "Sở / Phòng Nội vụ"), ("ban_dan_van", "Ban Dân vận")],
)
def test_a_dvcq_list_missing_its_office_or_its_copy_is_refused_naming_it(
    missing, named, leader, commune, cycle, boards, march_29
):
    boards[missing].is_active = False
    boards[missing].save()
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)
    registration_list = _list_of(spot)

    with pytest.raises(ValidationError, match=f"“{named}”"):
        registration_list_send(registration_list=registration_list, by=leader)

    assert named in refusal(LIST_WORKFLOW, registration_list, user=leader, verb="send")
    assert _list_of(spot).status == "draft"
    assert not RegistrationRouting.objects.exists()


def test_the_dvcq_list_passes_through_so_noi_vu_imported_from_the_fixture(
    province, commune, cycle, march_29
):
    result = units_import(data=AGENCIES_CSV.read_bytes(), file_name=AGENCIES_CSV.name)
    assert not import_errors(result)
    leader = make_member(commune, Role.LEADER)
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    routing = _routing(spot)
    assert routing.via.kind == UnitKind.DEPARTMENT
    assert (routing.board.code, routing.via.code, routing.copy_to.code) == (
        "P40-DVCQ",
        "P40-SNV",
        "P40-BDV",
    )


def test_so_noi_vu_receives_and_acknowledges_the_dvcq_list_it_passes(
    leader, commune, cycle, board_members, march_29
):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)
    registration_list_send(registration_list=_list_of(spot), by=leader)
    noi_vu = board_members["noi_vu"]

    inbox = list(RegistrationRouting.objects.received_by(noi_vu))
    routing_acknowledge(routing=_routing(spot), by=noi_vu)

    assert inbox == [_routing(spot)]
    assert _routing(spot).status == RoutingStatus.ACKNOWLEDGED
    assert Notification.objects.filter(user=noi_vu).count() == 1


def test_route_problems_are_none_in_a_whole_province(province, boards):
    assert route_problems(province=province) == []


def test_route_problems_name_every_kind_a_missing_unit_breaks(province, boards):
    boards["ban_dan_van"].delete()

    problems = route_problems(province=province)

    # QCDC's office, DVCQ's copy, Dân vận khéo's board, in the process's order
    assert [
        ("“Ban Dân vận”" in problem, str(kind.label) in problem)
        for kind, problem in zip((K.QCDC, K.DVCQ, K.DVK), problems, strict=True)
    ] == [(True, True)] * 3


def test_route_problems_of_a_province_without_so_noi_vu(province, boards):
    boards["noi_vu"].function = ""
    boards["noi_vu"].save()

    problems = route_problems(province=province)

    assert len(problems) == 1
    assert "“Sở / Phòng Nội vụ”" in problems[0]
    assert str(K.DVCQ.label) in problems[0]


# ---------------------------------------------------------------- the boards' answers


@pytest.fixture
def sent_qcdc(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    registration_list_send(registration_list=_list_of(spot), by=leader)
    return spot


def test_the_board_acknowledges_and_the_list_is_acknowledged(sent_qcdc, board_members):
    routing_acknowledge(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"])

    sent_qcdc.refresh_from_db()
    assert sent_qcdc.status == S.ACKNOWLEDGED
    assert _list_of(sent_qcdc).status == "acknowledged"
    assert _routing(sent_qcdc).acted_by == board_members["bcd_qcdc"]


def test_the_office_a_list_passes_through_may_acknowledge(sent_qcdc, board_members):
    routing_acknowledge(routing=_routing(sent_qcdc), by=board_members["ban_dan_van"])

    assert _routing(sent_qcdc).status == RoutingStatus.ACKNOWLEDGED


@pytest.mark.parametrize("key", ["noi_vu", "bcd_dvcq"])
def test_another_board_may_not_answer(sent_qcdc, board_members, key):
    with pytest.raises(NotPermitted):
        routing_acknowledge(routing=_routing(sent_qcdc), by=board_members[key])


def test_an_observer_of_the_board_may_not_answer(sent_qcdc, boards):
    observer = make_member(boards["bcd_qcdc"], Role.OBSERVER)

    with pytest.raises(NotPermitted):
        routing_return(routing=_routing(sent_qcdc), by=observer, comment="Sửa")


def test_a_board_of_another_province_may_not_answer(sent_qcdc, other_province):
    foreign = make_unit(
        "BCĐ QCDC Hà Tĩnh",
        parent=other_province,
        kind=UnitKind.BOARD,
        function=BoardFunction.QCDC_STEERING,
    )
    member = make_member(foreign, Role.STEERING)

    with pytest.raises(NotPermitted):
        routing_acknowledge(routing=_routing(sent_qcdc), by=member)


def test_acknowledging_twice_is_refused(sent_qcdc, board_members):
    routing_acknowledge(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"])

    with pytest.raises(Refused):
        routing_acknowledge(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"])


def test_returning_puts_spots_and_list_back_to_draft(sent_qcdc, board_members):
    routing_return(
        routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"], comment="Ghi rõ địa chỉ"
    )

    sent_qcdc.refresh_from_db()
    assert sent_qcdc.status == S.DRAFT
    assert _list_of(sent_qcdc).status == "draft"
    assert _routing(sent_qcdc).comment == "Ghi rõ địa chỉ"
    assert AuditEvent.objects.filter(action="return", comment="Ghi rõ địa chỉ").count() == 3


def test_returning_needs_a_comment(sent_qcdc, board_members):
    with pytest.raises(ValidationError):
        routing_return(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"], comment=" ")

    assert _routing(sent_qcdc).status == RoutingStatus.PENDING


def test_a_returned_list_is_resent_after_the_deadline(sent_qcdc, board_members, leader, officer):
    routing_return(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"], comment="Sửa")

    with at_local(2026, 4, 10):
        resent = registration_list_send(registration_list=_list_of(sent_qcdc), by=leader)

    assert resent.status == "sent"
    assert resent.is_late is False
    assert _routing(sent_qcdc).status == RoutingStatus.PENDING


def test_sending_notifies_the_receiving_boards(board_members, leader, commune, cycle, march_29):
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "bcd_qcdc_member",
        "ban_dan_van_member",
    }
    email = OutboxEmail.objects.first()
    assert OutboxEmail.objects.count() == 2
    assert email.subject == f"Danh sách đăng ký năm 2026 của {commune.name}"
    assert "đã gửi danh sách đăng ký điểm sáng năm 2026" in email.body_text


def test_sending_tells_the_steering_board_of_the_unit_the_board_belongs_to(
    board_members, province, leader, commune, cycle, march_29
):
    make_member(province, Role.STEERING, username="bcd")
    make_member(province, Role.APPRAISER, username="thamdinh")
    make_member(province, Role.OBSERVER, username="thuongtruc")
    make_member(commune, Role.STEERING, username="commune_steering")
    spot = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)

    registration_list_send(registration_list=_list_of(spot), by=leader)

    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "ban_dan_van_member",
        "bcd",
        "bcd_dvcq_member",
        "noi_vu_member",
    ]
    assert Notification.objects.get(user__username="bcd").url == reverse(
        "brightspots:routing_detail", args=[_routing(spot).pk]
    )


def test_a_partly_returned_list_is_fixed_and_resent_after_the_deadline(
    leader, officer, commune, cycle, criteria_set, board_members, march_29
):
    qcdc = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    dvcq = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)
    registration_list_send(registration_list=_list_of(qcdc), by=leader)
    routings = {r.kind: r for r in RegistrationRouting.objects.all()}

    with at_local(2026, 4, 5):
        routing_return(routing=routings[K.QCDC], by=board_members["bcd_qcdc"], comment="Sửa")
        routing_acknowledge(routing=routings[K.DVCQ], by=board_members["bcd_dvcq"])
        assert _list_of(qcdc).status == "draft"
        added = bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set, name="Điểm sáng bổ sung", kind=K.DVCQ),
            activities=_activities(),
        )
        registration_list_send(registration_list=_list_of(qcdc), by=leader)
        assert {r.kind: r.status for r in RegistrationRouting.objects.all()} == {
            K.QCDC: RoutingStatus.PENDING,
            K.DVCQ: RoutingStatus.PENDING,
        }
        routing_acknowledge(routing=routings[K.QCDC], by=board_members["bcd_qcdc"])
        routing_acknowledge(routing=routings[K.DVCQ], by=board_members["bcd_dvcq"])

    statuses = {spot.pk: spot.status for spot in _list_of(qcdc).bright_spots.all()}
    assert statuses == {qcdc.pk: S.ACKNOWLEDGED, dvcq.pk: S.ACKNOWLEDGED, added.pk: S.ACKNOWLEDGED}
    assert _list_of(qcdc).status == "acknowledged"


def test_answers_notify_the_unit(sent_qcdc, board_members, leader, officer):
    routing_acknowledge(routing=_routing(sent_qcdc), by=board_members["bcd_qcdc"])

    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "leader",
        "officer",
    }


# ---------------------------------------------------------------- withdrawal


@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_the_unit_withdraws_with_a_reason(persona, request, commune, cycle):
    user = request.getfixturevalue(persona)
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)

    bright_spot_withdraw(bright_spot=spot, by=user, reason="Không còn phù hợp")

    spot.refresh_from_db()
    assert spot.status == S.WITHDRAWN
    assert AuditEvent.objects.get(action="withdraw").comment == "Không còn phù hợp"


def test_withdrawal_is_refused_to_a_board_member(commune, cycle, board_members):
    spot = make_bright_spot(commune, cycle=cycle)

    with pytest.raises(NotPermitted):
        bright_spot_withdraw(bright_spot=spot, by=board_members["bcd_qcdc"], reason="x")


def test_withdrawal_is_refused_after_recognition(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.RECOGNISED)

    with pytest.raises(Refused):
        bright_spot_withdraw(bright_spot=spot, by=officer, reason="x")


def test_withdrawal_needs_a_reason(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle)

    with pytest.raises(ValidationError):
        bright_spot_withdraw(bright_spot=spot, by=officer, reason="")


# ---------------------------------------------------------------- directives


def test_the_leader_records_the_directive(leader, commune, cycle):
    directive = directive_record(
        unit=commune,
        cycle=cycle,
        by=leader,
        number="12/KH-UBND",
        issued_on=datetime.date(2026, 2, 10),
        summary="Chỉ đạo các khối xây dựng điểm sáng",
    )

    assert directive.number == "12/KH-UBND"
    assert AuditEvent.objects.filter(action="directive").count() == 1


def test_the_directive_is_refused_to_another_unit(other_commune, commune, cycle):
    with pytest.raises(NotPermitted):
        directive_record(
            unit=commune,
            cycle=cycle,
            by=make_member(other_commune, Role.LEADER),
            number="1",
            issued_on=datetime.date(2026, 2, 10),
            summary="x",
        )


# ---------------------------------------------------------------- the province's switches


def test_drafting_and_sending_stay_open_where_drafting_does_not_close(
    officer, leader, province, commune, cycle, criteria_set, boards
):
    ProcessRules.objects.create(province=province, drafting_closes=False)

    with at_local(2026, 4, 20):
        spot = bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set),
            activities=_activities(),
        )
        sent = registration_list_send(registration_list=_list_of(spot), by=leader)

    assert (sent.status, sent.is_late) == ("sent", True)


def test_sending_after_the_deadline_is_refused_by_default(leader, commune, cycle, boards):
    spot = make_bright_spot(commune, cycle=cycle)

    with at_local(2026, 4, 20), pytest.raises(ValidationError, match="30/03/2026"):
        registration_list_send(registration_list=_list_of(spot), by=leader)

    assert _list_of(spot).status == "draft"


def test_a_plan_may_run_into_next_year_where_the_province_allows_it(
    officer, province, commune, cycle, criteria_set
):
    ProcessRules.objects.create(province=province, plan_within_year=False)
    activities = [
        {
            "description": "Tổng kết mô hình",
            "start_date": datetime.date(2026, 11, 1),
            "end_date": datetime.date(2027, 2, 28),
        }
    ]

    with at_local(2026, 3, 1):
        spot = bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set),
            activities=activities,
        )

    assert spot.activities.get().end_date == datetime.date(2027, 2, 28)
    assert activity_formset(_formset_data(activities[0]), period=plan_period(cycle)).is_valid()


def test_a_plan_running_into_next_year_is_refused_by_default(officer, commune, cycle, criteria_set):
    activity = {
        "description": "Tổng kết mô hình",
        "start_date": datetime.date(2026, 11, 1),
        "end_date": datetime.date(2027, 2, 28),
    }

    with at_local(2026, 3, 1), pytest.raises(ValidationError, match="2026"):
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=_fields(criteria_set),
            activities=[activity],
        )

    assert not activity_formset(_formset_data(activity), period=plan_period(cycle)).is_valid()


def _formset_data(activity) -> dict:
    return {
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-0-description": activity["description"],
        "activities-0-start_date": activity["start_date"].strftime("%d/%m/%Y"),
        "activities-0-end_date": activity["end_date"].strftime("%d/%m/%Y"),
    }

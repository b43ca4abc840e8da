"""What waits for each role on the home page (apps/reports/selectors/todo.py): the
counts, the pages they link to, the next date of the open year, and reach."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import ProcessRules
from apps.decisions.enums import DecisionStatus
from apps.dossiers.enums import DossierStatus
from apps.reports.selectors.todo import (
    admin_todo,
    appraiser_todo,
    decision_maker_todo,
    home_todo,
    leader_todo,
    officer_todo,
    steering_todo,
)
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.decisions.factories import make_authority, make_draft, make_proposed_spot
from tests.dossiers.factories import make_dossier
from tests.factories import make_member
from tests.kinds import BrightSpotKind
from tests.reminders.factories import add_progress_update, extend

pytestmark = pytest.mark.django_db

S = BrightSpotStatus
D = DossierStatus
K = BrightSpotKind
VINH = ZoneInfo("Asia/Ho_Chi_Minh")


def on(year, month, day):
    """Freeze time at 09:00 in Vietnam on that day."""
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=VINH), tick=False)


def today():
    from apps.cycles.selectors import local_today

    return local_today()


def rows(items) -> list[tuple]:
    return [(item.count, item.url) for item in items]


def dossier_rows(items) -> list[tuple]:
    """``rows`` of the items that link to the dossiers."""
    return [row for row in rows(items) if row[1].startswith(reverse("dossiers:queue"))]


def spots_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('brightspots:list')}?{query}"


def queue_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('dossiers:queue')}?{query}"


# ---------------------------------------------------------------- unit officer


def test_officer_is_told_the_drafts_and_the_list_his_leader_sends(
    officer, commune, other_commune, cycle
):
    make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)
    make_bright_spot(other_commune, cycle=cycle)  # out of reach

    with on(2026, 3, 20):
        todo = officer_todo(user=officer, today=today())

    assert rows(todo.waiting) == [
        (2, spots_url(status="draft", year=2026, unit=commune.pk)),
        (1, reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026"),
    ]
    assert "lãnh đạo đơn vị" in todo.waiting[1].text


def test_officer_sees_the_next_deadline_with_the_days_left(officer, commune, cycle):
    with on(2026, 3, 20):
        todo = officer_todo(user=officer, today=today())

    [date] = todo.next_dates
    assert (date.day, date.days_left, date.unit, date.extended) == (
        datetime.date(2026, 3, 30),
        10,
        commune,
        False,
    )


def test_officer_deadline_counts_the_units_extension(officer, commune, cycle):
    extend(commune, cycle, DeadlineKind.REGISTRATION, datetime.date(2026, 4, 15))

    with on(2026, 4, 5):
        todo = officer_todo(user=officer, today=today())

    [date] = todo.next_dates
    assert (date.day, date.days_left, date.extended) == (datetime.date(2026, 4, 15), 10, True)


def test_another_units_extension_does_not_move_the_officers_deadline(
    officer, commune, other_commune, cycle
):
    extend(other_commune, cycle, DeadlineKind.REGISTRATION, datetime.date(2026, 4, 15))

    with on(2026, 4, 5):
        todo = officer_todo(user=officer, today=today())

    [date] = todo.next_dates
    assert (date.day, date.extended) == (datetime.date(2026, 6, 15), False)


def test_officer_is_told_the_spots_without_their_progress_update(officer, commune, cycle):
    make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    reported = make_bright_spot(commune, cycle=cycle, status=S.IN_PROGRESS)
    add_progress_update(reported)

    with on(2026, 6, 1):
        todo = officer_todo(user=officer, today=today())

    assert rows(todo.waiting) == [(1, spots_url(status="acknowledged", year=2026, unit=commune.pk))]


def test_no_progress_update_is_asked_where_the_province_asks_for_none(
    officer, province, commune, cycle
):
    ProcessRules.objects.create(province=province, progress_update=False)
    make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)

    with on(2026, 6, 1):
        todo = officer_todo(user=officer, today=today())

    assert todo.waiting == []
    assert todo.next_dates[0].day == datetime.date(2026, 10, 15)  # no 15/6 date either


def test_officer_is_told_the_dossiers_returned_to_fix(officer, commune, other_commune, cycle):
    make_dossier(commune, cycle=cycle, status=D.RETURNED)
    make_dossier(other_commune, cycle=cycle, status=D.RETURNED)  # out of reach

    with on(2026, 9, 1):
        todo = officer_todo(user=officer, today=today())

    assert rows(todo.waiting) == [(1, queue_url(state="returned", unit=commune.pk))]


def test_dossiers_to_submit_are_listed_while_the_window_is_open(officer, commune, cycle):
    make_dossier(commune, cycle=cycle)  # a draft dossier
    make_bright_spot(commune, cycle=cycle, status=S.IN_PROGRESS)  # no dossier yet

    with on(2026, 9, 1):
        before = officer_todo(user=officer, today=today())
    with on(2026, 10, 20):
        during = officer_todo(user=officer, today=today())

    assert dossier_rows(before.waiting) == []
    assert dossier_rows(during.waiting) == [
        (1, queue_url(state="draft", unit=commune.pk)),
        (1, queue_url(unit=commune.pk)),
    ]


def test_a_units_extension_keeps_its_window_open(officer, commune, cycle):
    make_dossier(commune, cycle=cycle)
    extend(commune, cycle, DeadlineKind.RECOGNITION, datetime.date(2026, 12, 10))

    with on(2026, 12, 5):
        todo = officer_todo(user=officer, today=today())

    assert dossier_rows(todo.waiting) == [(1, queue_url(state="draft", unit=commune.pk))]
    assert (todo.next_dates[0].day, todo.next_dates[0].extended) == (
        datetime.date(2026, 12, 10),
        True,
    )


def test_officer_sees_where_the_units_work_stands(officer, commune, cycle):
    make_bright_spot(commune, cycle=cycle, status=S.REGISTERED)
    make_dossier(commune, cycle=cycle, status=D.SUBMITTED)
    make_dossier(commune, cycle=cycle, status=D.PROPOSED)

    with on(2026, 11, 1):
        todo = officer_todo(user=officer, today=today())

    assert rows(todo.sent) == [
        (1, spots_url(status="registered", year=2026, unit=commune.pk)),
        (1, queue_url(state="waiting", unit=commune.pk)),
        (1, queue_url(state="proposed", unit=commune.pk)),
    ]


def test_an_officer_of_another_commune_sees_none_of_this_communes_work(
    commune, other_commune, cycle
):
    stranger = make_member(other_commune, Role.OFFICER)
    make_bright_spot(commune, cycle=cycle)
    make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    make_dossier(commune, cycle=cycle, status=D.RETURNED)
    make_dossier(commune, cycle=cycle, status=D.SUBMITTED)

    with on(2026, 6, 1):
        todo = officer_todo(user=stranger, today=today())

    assert (todo.waiting, todo.sent) == ([], [])


# ---------------------------------------------------------------- unit leader


def test_leader_is_told_the_list_to_send_with_its_spots(leader, commune, cycle):
    make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)
    make_bright_spot(commune, cycle=cycle, kind=K.DVK)

    with on(2026, 3, 20):
        todo = leader_todo(user=leader, today=today())

    [item] = todo.waiting
    assert (item.count, item.url) == (
        1,
        reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026",
    )
    assert "3" in item.detail


def test_leader_is_told_the_dossiers_waiting_for_the_request_letter(leader, commune, cycle):
    make_dossier(commune, cycle=cycle, status=D.PASSED)
    make_dossier(commune, cycle=cycle, status=D.UNDER_APPRAISAL)

    with on(2026, 11, 1):
        todo = leader_todo(user=leader, today=today())

    assert rows(todo.waiting) == [(1, queue_url(state="passed", unit=commune.pk))]


def test_a_sent_list_is_no_longer_waiting_for_the_leader(leader, commune, boards, cycle):
    spot = make_bright_spot(commune, cycle=cycle)

    with on(2026, 3, 20):
        registration_list_send(registration_list=spot.registration_list, by=leader)
        todo = leader_todo(user=leader, today=today())

    assert todo.waiting == []
    assert rows(todo.sent) == [(1, spots_url(status="registered", year=2026, unit=commune.pk))]


# ---------------------------------------------------------------- boards


def _sent(unit, cycle, leader, *kinds):
    """The unit's list with a spot of each kind, sent by its leader."""
    spots = [make_bright_spot(unit, cycle=cycle, kind=kind) for kind in kinds]
    registration_list_send(registration_list=spots[0].registration_list, by=leader)


def test_steering_member_is_told_the_lists_waiting_for_the_board(
    province, commune, other_commune, boards, leader, cycle
):
    steering = make_member(boards["bcd_qcdc"], Role.STEERING)
    with on(2026, 3, 20):
        _sent(commune, cycle, leader, K.QCDC, K.DVCQ)
        _sent(other_commune, cycle, make_member(other_commune, Role.LEADER), K.QCDC)

        todo = steering_todo(user=steering, today=today())

    inbox = reverse("brightspots:inbox")
    assert rows(todo.waiting) == [(2, f"{inbox}?status=pending&year=2026")]


def test_the_lists_waiting_are_counted_up_to_a_bound_and_shown_with_a_plus(
    monkeypatch, province, commune, other_commune, boards, leader, cycle
):
    monkeypatch.setattr("apps.reports.selectors.todo.TODO_BOUND", 1)
    steering = make_member(boards["bcd_qcdc"], Role.STEERING)
    with on(2026, 3, 20):
        _sent(commune, cycle, leader, K.QCDC)
        _sent(other_commune, cycle, make_member(other_commune, Role.LEADER), K.QCDC)
        todo = steering_todo(user=steering, today=today())
        page = client_for(steering).get(reverse("home")).content.decode()

    inbox = reverse("brightspots:inbox")
    assert rows(todo.waiting) == [(1, f"{inbox}?status=pending&year=2026")]
    assert todo.waiting[0].more
    assert '<span class="count">1+</span>' in page


def test_steering_member_is_told_the_request_letters_to_write(province, commune, cycle):
    steering = make_member(province, Role.STEERING)
    make_dossier(commune, cycle=cycle, status=D.PASSED)
    make_dossier(commune, cycle=cycle, status=D.SUBMITTED)

    with on(2026, 11, 1):
        todo = steering_todo(user=steering, today=today())

    assert rows(todo.waiting) == [(1, queue_url(state="passed"))]


def test_steering_member_sees_the_letters_sent_and_what_became_of_them(province, commune, cycle):
    steering = make_member(province, Role.STEERING)
    for status in (D.PROPOSED, D.PROPOSED):
        dossier = make_dossier(commune, cycle=cycle, status=status)
        dossier.proposed_by = steering
        dossier.save(update_fields=["proposed_by"])
    make_dossier(commune, cycle=cycle, status=D.PROPOSED)  # someone else's letter

    with on(2026, 11, 1):
        todo = steering_todo(user=steering, today=today())

    assert rows(todo.sent) == [(2, queue_url(state="proposed"))]


def test_acknowledged_lists_leave_the_board_members_list(province, commune, boards, leader, cycle):
    steering = make_member(boards["bcd_qcdc"], Role.STEERING)
    from apps.brightspots.services import routing_acknowledge

    with on(2026, 3, 20):
        _sent(commune, cycle, leader, K.QCDC)
        routing_acknowledge(routing=RegistrationRouting.objects.get(), by=steering)
        todo = steering_todo(user=steering, today=today())

    inbox = reverse("brightspots:inbox")
    assert todo.waiting == []
    assert rows(todo.sent) == [(1, f"{inbox}?status=acknowledged&year=2026")]


def test_appraiser_is_told_the_dossiers_in_the_queue(province, commune, cycle):
    appraiser = make_member(province, Role.APPRAISER)
    make_dossier(commune, cycle=cycle, status=D.SUBMITTED)
    make_dossier(commune, cycle=cycle, status=D.RESUBMITTED)
    make_dossier(commune, cycle=cycle, status=D.PASSED)

    with on(2026, 11, 1):
        todo = appraiser_todo(user=appraiser, today=today())

    assert rows(todo.waiting) == [(2, queue_url(state="waiting"))]
    assert "công văn đề nghị" in todo.note


def test_appraiser_sees_the_dossiers_he_appraised(province, commune, cycle):
    appraiser = make_member(province, Role.APPRAISER)
    for status in (D.RETURNED, D.PASSED, D.PASSED):
        dossier = make_dossier(commune, cycle=cycle, status=status)
        dossier.appraiser = appraiser
        dossier.save(update_fields=["appraiser"])

    with on(2026, 11, 1):
        todo = appraiser_todo(user=appraiser, today=today())

    assert rows(todo.sent) == [
        (1, queue_url(state="returned")),
        (2, queue_url(state="passed")),
    ]


def test_an_appraiser_of_another_commune_sees_no_dossier_of_this_one(commune, other_commune, cycle):
    appraiser = make_member(other_commune, Role.APPRAISER)
    make_dossier(commune, cycle=cycle, status=D.SUBMITTED)

    with on(2026, 11, 1):
        todo = appraiser_todo(user=appraiser, today=today())

    assert todo.waiting == []


# ---------------------------------------------------------------- decision maker


def test_decision_maker_sees_only_what_his_own_authority_decides(
    province, commune, other_commune, cycle
):
    authority = make_authority(commune)
    make_authority(other_commune)
    decision_maker = make_member(authority, Role.DECISION_MAKER)
    make_proposed_spot(authority, cycle=cycle)
    make_proposed_spot(authority, cycle=cycle)
    make_proposed_spot(other_commune, cycle=cycle)  # another authority's
    make_bright_spot(commune, cycle=cycle, status=S.IN_RECOGNITION)  # not proposed

    with on(2026, 11, 20):
        todo = decision_maker_todo(user=decision_maker, today=today())

    assert rows(todo.waiting) == [(2, reverse("decisions:create", args=[authority.pk]))]
    assert authority.name in todo.waiting[0].text


def test_decision_maker_of_two_authorities_sees_each(province, commune, other_commune, cycle):
    first, second = make_authority(commune), make_authority(other_commune)
    decision_maker = make_member(first, Role.DECISION_MAKER)
    make_member(second, Role.DECISION_MAKER, user=decision_maker)
    make_proposed_spot(first, cycle=cycle)
    for _ in range(3):
        make_proposed_spot(second, cycle=cycle)

    with on(2026, 11, 20):
        todo = decision_maker_todo(user=decision_maker, today=today())

    assert sorted(rows(todo.waiting)) == sorted(
        [
            (1, reverse("decisions:create", args=[first.pk])),
            (3, reverse("decisions:create", args=[second.pk])),
        ]
    )


def test_a_spot_in_a_draft_decision_waits_on_the_draft(province, commune, cycle):
    authority = make_authority(commune)
    decision_maker = make_member(authority, Role.DECISION_MAKER)
    spot = make_proposed_spot(authority, cycle=cycle)
    make_draft(authority, [spot], by=decision_maker)

    with on(2026, 11, 30):
        todo = decision_maker_todo(user=decision_maker, today=today())

    drafts = f"{reverse('decisions:list')}?status={DecisionStatus.DRAFT}"
    assert rows(todo.waiting) == [(1, drafts)]


def test_decision_maker_of_a_unit_that_recognises_nothing_has_nothing_waiting(commune, cycle):
    decision_maker = make_member(commune, Role.DECISION_MAKER)
    make_proposed_spot(commune, cycle=cycle)

    with on(2026, 11, 20):
        todo = decision_maker_todo(user=decision_maker, today=today())

    assert todo.waiting == []


# ---------------------------------------------------------------- administrator


def test_administrator_is_told_what_the_process_lacks_and_the_year_to_open(
    province_admin, province
):
    with on(2026, 3, 1):
        todo = admin_todo(user=province_admin, today=today())

    problems, year = todo.waiting
    assert (problems.url, year.url) == (
        reverse("cycles:rules", args=[province.pk]),
        reverse("cycles:create"),
    )
    assert problems.count == len(problems.lines) >= 2  # the guidance and the boards
    assert "2026" in year.text


def test_next_years_cycle_is_asked_for_once_this_years_dates_are_past(
    province_admin, province, boards
):
    make_cycle(province, 2026)
    ProcessRules.objects.create(province=province, guidance_reference="Hướng dẫn 01-HD/BDVTU")

    with on(2026, 6, 1):
        during = admin_todo(user=province_admin, today=today())
    with on(2026, 12, 5):
        after = admin_todo(user=province_admin, today=today())

    assert during.waiting == []
    [item] = after.waiting
    assert (item.count, item.url) == (None, reverse("cycles:create"))
    assert "2027" in item.text


# ---------------------------------------------------------------- all roles


def test_home_todo_follows_the_roles_held_in_role_order(personas, cycle):
    with on(2026, 3, 20):
        parts = home_todo(user=personas.users["two_roles"], today=today())

    assert [part.role for part in parts] == [Role.OFFICER, Role.LEADER]

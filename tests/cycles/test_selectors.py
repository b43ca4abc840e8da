"""Deadlines are whole local days (Asia/Ho_Chi_Minh, UTC+07:00): 31/3 00:00 local is
still 30/3 17:00 UTC, and must already be closed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from apps.cycles.enums import DeadlineKind
from apps.cycles.process import current_process
from apps.cycles.selectors import (
    DeadlineClosed,
    cycle_for,
    deadline_status,
    recognition_window_status,
)
from tests.cycles.factories import make_cycle, make_extension

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def registration(cycle, unit):
    return deadline_status(cycle=cycle, unit=unit, kind=DeadlineKind.REGISTRATION)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (local(2026, 3, 29, 12, 0), True),
        (local(2026, 3, 30, 23, 59), True),
        (local(2026, 3, 31, 0, 0), False),
    ],
    ids=["29/3 12:00", "30/3 23:59", "31/3 00:00"],
)
def test_registration_deadline_covers_the_whole_local_day(province, commune, moment, is_open):
    cycle = make_cycle(province, 2026)

    with time_machine.travel(moment, tick=False):
        status = registration(cycle, commune)

    assert status.is_open is is_open
    assert status.under_extension is False
    assert status.has_extension is False


@pytest.mark.django_db
def test_deadline_closed_at_local_midnight_although_utc_is_still_on_the_deadline_day(
    province, commune
):
    cycle = make_cycle(province, 2026)
    moment = local(2026, 3, 31, 0, 0)

    with time_machine.travel(moment, tick=False):
        status = registration(cycle, commune)

    assert moment.astimezone(datetime.UTC).date() == D(2026, 3, 30)
    assert status.is_closed


@pytest.mark.django_db
def test_closed_deadline_refuses_with_the_date_in_vietnamese(province, commune):
    cycle = make_cycle(province, 2026)

    with (
        time_machine.travel(local(2026, 3, 31, 8, 0), tick=False),
        translation.override("vi"),
        pytest.raises(DeadlineClosed) as refused,
    ):
        registration(cycle, commune).refuse()

    assert refused.value.messages == ["Đã quá hạn “Gửi danh sách đăng ký”: hạn cuối là 30/03/2026."]


@pytest.mark.django_db
def test_open_deadline_does_not_refuse(province, commune):
    cycle = make_cycle(province, 2026)

    with time_machine.travel(local(2026, 3, 30, 23, 59), tick=False):
        status = registration(cycle, commune)
        status.refuse()

    assert status.message == ""


@pytest.mark.django_db
def test_extension_keeps_the_deadline_open_for_its_unit_only(province, commune, other_commune):
    cycle = make_cycle(province, 2026)
    make_extension(cycle, commune, new_date=D(2026, 4, 5))

    with time_machine.travel(local(2026, 4, 5, 23, 59), tick=False):
        extended = registration(cycle, commune)
        sibling = registration(cycle, other_commune)

    assert extended.is_open and extended.under_extension and extended.has_extension
    assert extended.deadline == D(2026, 4, 5)
    assert sibling.is_closed


@pytest.mark.django_db
def test_extension_before_the_cycle_date_is_not_under_extension(province, commune):
    cycle = make_cycle(province, 2026)
    make_extension(cycle, commune, new_date=D(2026, 4, 5))

    status = deadline_status(
        cycle=cycle, unit=commune, kind=DeadlineKind.REGISTRATION, at=local(2026, 3, 20, 9, 0)
    )

    assert status.is_open
    assert status.has_extension
    assert not status.under_extension


@pytest.mark.django_db
def test_extension_closes_after_its_own_day(province, commune):
    cycle = make_cycle(province, 2026)
    make_extension(cycle, commune, new_date=D(2026, 4, 5))

    with translation.override("vi"):
        status = deadline_status(
            cycle=cycle, unit=commune, kind=DeadlineKind.REGISTRATION, at=local(2026, 4, 6, 0, 0)
        )

        assert status.is_closed
        assert "05/04/2026" in status.message


@pytest.mark.django_db
def test_changed_cycle_date_moves_the_deadline(province, commune):
    cycle = make_cycle(province, 2022, registration_deadline=D(2022, 6, 15))

    status = deadline_status(
        cycle=cycle, unit=commune, kind=DeadlineKind.REGISTRATION, at=local(2022, 6, 15, 22, 0)
    )

    assert status.is_open
    assert not status.under_extension


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "not_yet_open", "is_open", "is_closed"),
    [
        (local(2026, 10, 14, 23, 59), True, False, False),
        (local(2026, 10, 15, 0, 0), False, True, False),
        (local(2026, 11, 30, 23, 59), False, True, False),
        (local(2026, 12, 1, 0, 0), False, False, True),
    ],
    ids=["14/10", "15/10", "30/11 23:59", "1/12"],
)
def test_recognition_window_edges(province, commune, moment, not_yet_open, is_open, is_closed):
    cycle = make_cycle(province, 2026)

    with time_machine.travel(moment, tick=False):
        window = recognition_window_status(cycle=cycle, unit=commune)

    assert (window.not_yet_open, window.is_open, window.is_closed) == (
        not_yet_open,
        is_open,
        is_closed,
    )


@pytest.mark.django_db
def test_recognition_window_messages_name_the_dates(province, commune):
    cycle = make_cycle(province, 2026)

    with translation.override("vi"):
        before = recognition_window_status(cycle=cycle, unit=commune, at=local(2026, 10, 14, 12, 0))
        after = recognition_window_status(cycle=cycle, unit=commune, at=local(2026, 12, 1, 0, 0))

        assert before.message == "Thời gian xét công nhận bắt đầu từ ngày 15/10/2026."
        assert after.message == "Thời gian xét công nhận đã kết thúc ngày 30/11/2026."
        with pytest.raises(DeadlineClosed):
            after.refuse()


@pytest.mark.django_db
def test_recognition_extension_moves_the_close(province, commune, other_commune):
    cycle = make_cycle(province, 2026)
    make_extension(cycle, commune, deadline=DeadlineKind.RECOGNITION, new_date=D(2026, 12, 10))
    make_extension(cycle, other_commune, deadline=DeadlineKind.PROGRESS, new_date=D(2026, 7, 1))

    with time_machine.travel(local(2026, 12, 10, 23, 59), tick=False):
        extended = recognition_window_status(cycle=cycle, unit=commune)
        other = recognition_window_status(cycle=cycle, unit=other_commune)

    assert extended.is_open and extended.under_extension
    assert extended.closes == D(2026, 12, 10)
    assert other.is_closed


@pytest.mark.django_db
def test_cycle_for_finds_the_province_cycle_from_a_commune(province, commune, other_province):
    cycle = make_cycle(province, 2026)
    make_cycle(other_province, 2026)

    assert cycle_for(unit=commune, year=2026) == cycle
    assert cycle_for(unit=commune, year=2025) is None


@pytest.mark.django_db
def test_a_2022_cycle_takes_registration_lists_until_15_6():
    defaults = current_process(None).default_dates
    assert defaults(2022)["registration_deadline"] == D(2022, 6, 15)
    assert defaults(2026)["registration_deadline"] == D(2026, 3, 30)


def test_deadline_names_claim_no_date_a_cycle_may_move():
    assert all("/" not in str(kind.label) for kind in DeadlineKind)

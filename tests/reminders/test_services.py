import datetime
from types import SimpleNamespace

import pytest

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import ProcessRules
from apps.notifications.models import Notification, OutboxEmail
from apps.reminders import services
from apps.reminders.enums import ReminderKind
from apps.reminders.models import ReminderLog
from apps.reminders.services import reminders_send
from apps.reports.enums import ReviewReportStatus
from apps.reports.selectors.deadlines import units_not_done
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.factories import make_member, make_unit
from tests.reminders.factories import (
    add_progress_update,
    extend,
    make_review_report,
    send_list,
)

D = datetime.date
K = DeadlineKind
# The cycle's date of each deadline (guidance defaults) and what makes a unit "done".
DEADLINES = {
    K.REGISTRATION: D(2026, 3, 30),
    K.PROGRESS: D(2026, 6, 15),
    K.REVIEW_REPORT: D(2026, 11, 30),
    K.RECOGNITION: D(2026, 11, 30),
}


@pytest.fixture
def world(province, commune, other_commune, boards):
    """A province with two communes; each commune has an officer and a leader; the
    province has an administrator, a steering member, an observer and an appraiser,
    and its Ban Dân vận one member."""
    return SimpleNamespace(
        province=province,
        commune=commune,
        other=other_commune,
        cycle=make_cycle(province, 2026),
        officer=make_member(commune, Role.OFFICER, username="officer"),
        leader=make_member(commune, Role.LEADER, username="leader"),
        other_officer=make_member(other_commune, Role.OFFICER, username="other_officer"),
        admin=make_member(province, Role.ADMIN, username="padmin"),
        steering=make_member(province, Role.STEERING, username="psteering"),
        observer=make_member(province, Role.OBSERVER, username="pobserver"),
        appraiser=make_member(province, Role.APPRAISER, username="pappraiser"),
        bdv=make_member(boards["ban_dan_van"], Role.APPRAISER, username="bdv"),
        noi_vu=make_member(boards["noi_vu"], Role.STEERING, username="noivu"),
    )


def recipients(**filters) -> set[str]:
    """Usernames e-mailed (by the outbox) for reminders matching ``filters``."""
    logs = ReminderLog.objects.filter(**filters).select_related("recipient")
    return {log.recipient.username for log in logs}


def emails_to(user) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(to=user.email))


def leave_undone(world, kind):
    """Make both communes owe what ``kind`` asks (spots needing an update or a dossier)
    and nothing else due on the same day."""
    if kind in (K.PROGRESS, K.RECOGNITION):
        status = BrightSpotStatus.ACKNOWLEDGED
        make_bright_spot(world.commune, cycle=world.cycle, status=status)
        make_bright_spot(world.other, cycle=world.cycle, status=status)
    if kind == K.RECOGNITION:  # the review report falls due on the same 30/11
        make_review_report(world.commune, world.cycle)
        make_review_report(world.other, world.cycle)


def mark_done(world, unit, kind):
    if kind == K.REGISTRATION:
        send_list(unit, world.cycle)
    elif kind == K.REVIEW_REPORT:
        make_review_report(unit, world.cycle)
    elif kind == K.PROGRESS:
        for spot in unit.bright_spots.all():
            add_progress_update(spot)
    else:
        unit.bright_spots.update(status=BrightSpotStatus.IN_RECOGNITION)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(DEADLINES))
@pytest.mark.parametrize("offset", [14, 7, 1])
def test_officer_and_leader_are_reminded_at_each_offset(world, kind, offset):
    leave_undone(world, kind)
    mark_done(world, world.other, kind)
    today = DEADLINES[kind] - datetime.timedelta(days=offset)

    result = reminders_send(today=today)

    assert recipients(deadline=kind, offset_days=offset) == {"officer", "leader"}
    assert result.emails == 2
    assert len(emails_to(world.officer)) == 1
    assert emails_to(world.other_officer) == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(DEADLINES))
def test_nobody_is_reminded_before_the_first_offset(world, kind):
    leave_undone(world, kind)

    reminders_send(today=DEADLINES[kind] - datetime.timedelta(days=15))

    assert ReminderLog.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(DEADLINES))
def test_unit_with_an_extension_is_reminded_before_its_own_date(world, kind):
    leave_undone(world, kind)
    mark_done(world, world.other, kind)
    extended_to = DEADLINES[kind] + datetime.timedelta(days=20)
    extend(world.commune, world.cycle, kind, extended_to)

    reminders_send(today=DEADLINES[kind] - datetime.timedelta(days=7))
    reminders_send(today=extended_to - datetime.timedelta(days=7))

    logs = ReminderLog.objects.filter(kind=ReminderKind.REMINDER)
    assert {(log.due_date, log.offset_days) for log in logs} == {(extended_to, 7)}


@pytest.mark.django_db
def test_draft_registration_list_still_counts_as_not_sent(world):
    send_list(world.other, world.cycle, status="draft")

    reminders_send(today=D(2026, 3, 29))

    assert recipients() == {"officer", "leader", "other_officer"}


@pytest.mark.django_db
def test_draft_review_report_still_counts_as_not_submitted(world):
    make_review_report(world.commune, world.cycle, status=ReviewReportStatus.DRAFT)
    make_review_report(world.other, world.cycle)

    reminders_send(today=D(2026, 11, 29))

    assert recipients(deadline=K.REVIEW_REPORT) == {"officer", "leader"}


@pytest.mark.django_db
def test_unit_without_spots_in_progress_gets_no_recognition_reminder(world):
    make_bright_spot(world.commune, cycle=world.cycle, status=BrightSpotStatus.IN_PROGRESS)
    make_bright_spot(world.other, cycle=world.cycle, status=BrightSpotStatus.RECOGNISED)

    reminders_send(today=D(2026, 11, 23))

    assert recipients(deadline=K.RECOGNITION) == {"officer", "leader"}


@pytest.mark.django_db
def test_progress_reminder_counts_the_acknowledged_spots_without_an_update(world):
    updated = make_bright_spot(
        world.commune, cycle=world.cycle, status=BrightSpotStatus.ACKNOWLEDGED
    )
    add_progress_update(updated)
    make_bright_spot(world.commune, cycle=world.cycle, status=BrightSpotStatus.IN_PROGRESS)
    make_bright_spot(world.commune, cycle=world.cycle, status=BrightSpotStatus.ACKNOWLEDGED)
    make_bright_spot(world.commune, cycle=world.cycle, status=BrightSpotStatus.DRAFT)
    make_bright_spot(world.other, cycle=world.cycle, status=BrightSpotStatus.REGISTERED)

    reminders_send(today=D(2026, 6, 14))

    assert {log.missing for log in ReminderLog.objects.filter(unit=world.commune)} == {2}
    assert recipients() == {"officer", "leader"}


@pytest.mark.django_db
def test_boards_and_province_are_never_reminded_as_units(world, boards):
    make_member(boards["bcd_qcdc"], Role.OFFICER, username="board_officer")
    make_member(world.province, Role.OFFICER, username="province_officer")

    reminders_send(today=D(2026, 3, 29))

    assert recipients() == {"officer", "leader", "other_officer"}


@pytest.mark.django_db
def test_missed_day_is_caught_up_with_one_reminder(world):
    send_list(world.other, world.cycle)

    reminders_send(today=D(2026, 3, 25))  # the runs of 16/3 and 23/3 never happened
    reminders_send(today=D(2026, 3, 26))

    assert {log.offset_days for log in ReminderLog.objects.all()} == {7}
    assert len(emails_to(world.officer)) == 1


@pytest.mark.django_db
def test_deadline_day_itself_still_catches_up_the_last_reminder(world):
    send_list(world.other, world.cycle)

    reminders_send(today=D(2026, 3, 30))

    assert {log.offset_days for log in ReminderLog.objects.all()} == {1}


@pytest.mark.django_db
def test_repeated_run_sends_nothing_twice(world):
    reminders_send(today=D(2026, 3, 23))

    second = reminders_send(today=D(2026, 3, 23))

    assert second.emails == 0
    assert OutboxEmail.objects.count() == 3
    assert Notification.objects.count() == 3
    assert ReminderLog.objects.count() == 3


@pytest.mark.django_db
def test_crash_before_commit_leaves_nothing_and_the_retry_sends_once(world, monkeypatch):
    real_notify = services.notify_many

    def notify_then_crash(**kwargs):
        real_notify(**kwargs)
        raise RuntimeError("worker killed before commit")

    monkeypatch.setattr(services, "notify_many", notify_then_crash)
    with pytest.raises(RuntimeError):
        reminders_send(today=D(2026, 3, 23))
    assert (ReminderLog.objects.count(), OutboxEmail.objects.count()) == (0, 0)
    assert Notification.objects.count() == 0
    monkeypatch.setattr(services, "notify_many", real_notify)

    reminders_send(today=D(2026, 3, 23))
    reminders_send(today=D(2026, 3, 23))  # acks_late: the task re-runs after a commit

    assert len(emails_to(world.officer)) == 1
    assert OutboxEmail.objects.count() == 3


@pytest.mark.django_db
def test_recipient_without_email_is_notified_in_the_portal_only_and_once(world):
    world.leader.email = ""
    world.leader.save(update_fields=["email"])

    reminders_send(today=D(2026, 3, 23))
    reminders_send(today=D(2026, 3, 23))

    assert Notification.objects.filter(user=world.leader).count() == 1
    assert recipients() == {"officer", "leader", "other_officer"}


@pytest.mark.django_db
def test_reminder_email_is_vietnamese_and_names_unit_deadline_and_link(world, settings):
    settings.SITE_URL = "https://diemsang.nghean.gov.vn"

    reminders_send(today=D(2026, 3, 23))

    email = emails_to(world.officer)[0]
    assert email.subject.startswith("Nhắc hạn 30/03/2026:")
    assert email.subject.endswith("· Phường Vinh Phú")
    assert "Phường Vinh Phú chưa gửi danh sách đăng ký điểm sáng năm 2026" in email.body_text
    assert "Còn 7 ngày" in email.body_text
    link = f"https://diemsang.nghean.gov.vn/brightspots/units/{world.commune.pk}/?year=2026"
    assert link in email.body_text
    assert link in email.body_html


@pytest.mark.django_db
def test_late_digest_goes_to_the_province_and_its_ban_dan_van(world):
    send_list(world.other, world.cycle)

    reminders_send(today=D(2026, 3, 31))

    digests = ReminderLog.objects.filter(kind=ReminderKind.LATE_DIGEST)
    assert {log.recipient.username for log in digests} == {
        "padmin",
        "psteering",
        "pobserver",
        "bdv",
    }
    assert {log.unit for log in digests} == {world.province}
    body = emails_to(world.bdv)[0].body_text
    assert "Phường Vinh Phú" in body
    assert "Xã Nghĩa Đàn" not in body


@pytest.mark.django_db
def test_late_digest_is_sent_once_and_caught_up_after_a_missed_day(world):
    reminders_send(today=D(2026, 4, 2))  # 31/3 and 1/4 were missed
    reminders_send(today=D(2026, 4, 3))

    assert len(emails_to(world.admin)) == 1
    assert ReminderLog.objects.filter(kind=ReminderKind.LATE_DIGEST).count() == 4


@pytest.mark.django_db
def test_late_digest_is_not_sent_long_after_the_deadline(world):
    reminders_send(today=D(2026, 4, 30))

    assert ReminderLog.objects.count() == 0


@pytest.mark.django_db
def test_unit_under_extension_is_listed_late_only_after_its_own_date(world):
    extend(world.other, world.cycle, K.REGISTRATION, D(2026, 4, 20))

    reminders_send(today=D(2026, 3, 31))
    first = emails_to(world.admin)[0].body_text
    reminders_send(today=D(2026, 4, 21))

    assert "Xã Nghĩa Đàn" not in first
    later = [e for e in emails_to(world.admin) if "20/04/2026" in e.subject]
    assert len(later) == 1
    assert "Xã Nghĩa Đàn" in later[0].body_text
    assert "Phường Vinh Phú" not in later[0].body_text


@pytest.mark.django_db
def test_late_digest_of_a_subordinate_unit_goes_to_its_parent(world):
    school = make_unit("Trường THCS Vinh Phú", parent=world.commune, kind="subunit", level="unit")
    make_member(school, Role.OFFICER, username="school_officer")
    commune_admin = make_member(world.commune, Role.ADMIN, username="commune_admin")
    send_list(world.commune, world.cycle)
    send_list(world.other, world.cycle)

    reminders_send(today=D(2026, 3, 31))

    assert recipients(kind=ReminderKind.LATE_DIGEST) == {"commune_admin"}
    assert "Trường THCS Vinh Phú" in emails_to(commune_admin)[0].body_text


@pytest.mark.django_db
def test_deactivated_recipients_are_skipped(world):
    world.leader.is_active = False
    world.leader.save(update_fields=["is_active"])

    reminders_send(today=D(2026, 3, 23))

    assert recipients(unit=world.commune) == {"officer"}


@pytest.mark.django_db
def test_no_progress_reminder_or_digest_where_the_province_asks_for_no_update(world):
    ProcessRules.objects.create(province=world.province, progress_update=False)
    make_bright_spot(world.commune, cycle=world.cycle, status=BrightSpotStatus.ACKNOWLEDGED)

    reminders_send(today=D(2026, 6, 14))
    reminders_send(today=D(2026, 6, 16))

    assert not ReminderLog.objects.filter(deadline=K.PROGRESS).exists()
    assert list(units_not_done(cycle=world.cycle, kind=K.PROGRESS)) == []


@pytest.mark.django_db
def test_the_late_digest_reaches_a_ban_dan_van_of_any_kind(world, boards):
    boards["ban_dan_van"].kind = "department"
    boards["ban_dan_van"].save()

    reminders_send(today=D(2026, 3, 31))

    assert "bdv" in recipients(kind=ReminderKind.LATE_DIGEST)


@pytest.mark.django_db
def test_preferences_and_the_digest_never_silence_or_hold_a_reminder(world):
    from apps.notifications.enums import Channel, NoticeKind
    from apps.notifications.models import NoticePreferences
    from apps.notifications.services import notice_digests_send

    NoticePreferences.objects.create(
        user=world.officer,
        channels=dict.fromkeys(NoticeKind.values, Channel.NONE),
        daily_digest=True,
    )

    reminders_send(today=D(2026, 3, 23))

    assert len(emails_to(world.officer)) == 1
    assert Notification.objects.filter(user=world.officer, shown=True, digest=False).count() == 1
    assert notice_digests_send(now=datetime.datetime(2026, 3, 24, tzinfo=datetime.UTC)) == 0

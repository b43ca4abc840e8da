"""Per-kind notice preferences, the daily digest and the bulk path of ``notify``."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notifications.enums import Channel, NoticeKind, kind_of
from apps.notifications.models import NoticePreferences, Notification, OutboxEmail
from apps.notifications.selectors import unread_count
from apps.notifications.services import (
    Notice,
    notice_digests_send,
    notice_preferences_set,
    notify,
    notify_many,
)
from tests.conftest import client_for
from tests.notifications.test_outbox import test_templates  # noqa: F401  (fixture)

NOW = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
DOSSIERS = "dossier_test_notice"  # a test template of the "dossiers" kind


def prefer(user, daily_digest=False, **channels):
    return NoticePreferences.objects.create(user=user, channels=channels, daily_digest=daily_digest)


def tell(users, name="ĐS-01", template=DOSSIERS, key=""):
    return notify(users=users, template=template, context={"name": name}, path="/hs/1/",
                  dedupe_key=key)  # fmt: skip


def test_templates_are_grouped_into_kinds():
    assert kind_of("dossier_return") == NoticeKind.DOSSIERS
    assert kind_of("decision_issued") == NoticeKind.DECISIONS
    assert kind_of("registration_list_sent") == NoticeKind.LISTS
    assert kind_of("reminder") == NoticeKind.REMINDERS
    assert kind_of("welcome") == NoticeKind.SECURITY


@pytest.mark.django_db
def test_portal_only_writes_no_email(officer, test_templates):  # noqa: F811
    prefer(officer, dossiers=Channel.PORTAL)

    queued = tell([officer])

    assert queued == 0
    assert OutboxEmail.objects.count() == 0
    assert unread_count(user=officer) == 1


@pytest.mark.django_db
def test_email_only_is_not_listed_in_the_portal(officer, test_templates):  # noqa: F811
    prefer(officer, dossiers=Channel.EMAIL)

    tell([officer])

    assert OutboxEmail.objects.filter(to=officer.email).count() == 1
    assert unread_count(user=officer) == 0
    page = client_for(officer).get(reverse("notifications:list"))
    assert "ĐS-01" not in page.content.decode()


@pytest.mark.django_db
def test_none_tells_nothing_yet_still_only_once(officer, test_templates):  # noqa: F811
    prefer(officer, dossiers=Channel.NONE)

    tell([officer], key="k")
    officer.notice_preferences.channels = {}
    officer.notice_preferences.save()
    tell([officer], key="k")

    assert OutboxEmail.objects.count() == 0
    assert unread_count(user=officer) == 0


@pytest.mark.django_db
def test_a_preference_for_one_kind_leaves_the_others_alone(officer, test_templates):  # noqa: F811
    prefer(officer, dossiers=Channel.NONE)

    tell([officer], template="test_notice")

    assert OutboxEmail.objects.filter(to=officer.email).count() == 1
    assert unread_count(user=officer) == 1


@pytest.mark.django_db
def test_security_mails_ignore_preferences(officer, test_templates):  # noqa: F811
    prefer(officer, True, **{kind: Channel.NONE for kind in NoticeKind.values})

    notify(users=[officer], template="welcome", context={"username": "officer"}, path="/x/")

    assert OutboxEmail.objects.filter(to=officer.email).count() == 1
    assert Notification.objects.get(user=officer).digest is False


@pytest.mark.django_db
def test_notify_many_tells_each_user_once_per_key(officer, leader, test_templates):  # noqa: F811
    tell([officer], key="unit-1")

    queued = notify_many(
        notices=[
            Notice(
                users=[officer, leader, officer],
                template=DOSSIERS,
                context={"name": "A"},
                dedupe_key="unit-1",
            ),
            Notice(users=[officer], template=DOSSIERS, context={"name": "B"}, dedupe_key="unit-2"),
        ]
    )

    assert queued == 2
    assert sorted(OutboxEmail.objects.values_list("to", "subject")) == sorted(
        [
            (officer.email, "Hồ sơ ĐS-01 đã được tiếp nhận"),
            (leader.email, "Hồ sơ A đã được tiếp nhận"),
            (officer.email, "Hồ sơ B đã được tiếp nhận"),
        ]
    )
    assert Notification.objects.count() == 3


@pytest.mark.django_db
def test_digest_holds_the_emails_and_sends_one_listing_each(officer, leader, test_templates):  # noqa: F811
    prefer(officer, daily_digest=True)
    tell([officer, leader], name="ĐS-01")
    tell([officer], name="ĐS-02")
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == [leader.email]

    sent = notice_digests_send(now=NOW)

    assert sent == 1
    digest = OutboxEmail.objects.get(to=officer.email)
    assert "Hồ sơ ĐS-01 đã được tiếp nhận" in digest.body_text
    assert "Hồ sơ ĐS-02 đã được tiếp nhận" in digest.body_text
    assert "/hs/1/" in digest.body_html
    assert unread_count(user=officer) == 2


@pytest.mark.django_db
def test_digest_run_twice_sends_once(officer, test_templates):  # noqa: F811
    prefer(officer, daily_digest=True)
    tell([officer])

    first = notice_digests_send(now=NOW)
    second = notice_digests_send(now=NOW + datetime.timedelta(minutes=1))

    assert (first, second) == (1, 0)
    assert OutboxEmail.objects.filter(to=officer.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_once(officer, test_templates):  # noqa: F811
    prefer(officer, daily_digest=True)
    for name in ("A", "B", "C"):
        tell([officer], name=name)
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            notice_digests_send(now=NOW)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    digests = OutboxEmail.objects.filter(to=officer.email)
    assert digests.count() == 1
    assert [digests[0].body_text.count(f"Hồ sơ {n} ") for n in "ABC"] == [1, 1, 1]


@pytest.mark.django_db
def test_preferences_page_saves_the_users_own_choices(officer, leader):
    prefer(leader, dossiers=Channel.NONE)
    data = {kind: Channel.BOTH for kind in ("lists", "decisions", "scoring", "deadlines",
                                            "operations")}  # fmt: skip

    response = client_for(officer).post(
        reverse("notifications:preferences"),
        {**data, "dossiers": Channel.PORTAL, "daily_digest": "on"},
    )

    assert response.status_code == 302
    saved = NoticePreferences.objects.get(user=officer)
    assert (saved.channel(NoticeKind.DOSSIERS), saved.daily_digest) == (Channel.PORTAL, True)
    assert NoticePreferences.objects.get(user=leader).channels == {"dossiers": Channel.NONE}


@pytest.mark.django_db
def test_preferences_page_keeps_the_input_on_a_bad_choice(officer):
    data = dict.fromkeys(("lists", "decisions", "scoring", "deadlines", "operations"), "both")

    response = client_for(officer).post(
        reverse("notifications:preferences"), {**data, "dossiers": "pigeon", "daily_digest": "on"}
    )

    assert response.status_code == 200
    assert NoticePreferences.objects.filter(user=officer).count() == 0
    form = response.context["form"]
    assert list(form.errors) == ["dossiers"]
    assert form["daily_digest"].value() is True


@pytest.mark.django_db
def test_no_one_sets_another_users_preferences(officer, leader):
    with pytest.raises(PermissionDenied), transaction.atomic():
        notice_preferences_set(user=leader, by=officer, channels={}, daily_digest=True)

    assert NoticePreferences.objects.count() == 0


@pytest.mark.django_db
def test_fixed_kinds_are_not_stored_even_when_posted(officer):
    notice_preferences_set(
        user=officer, by=officer, channels={"reminders": Channel.NONE}, daily_digest=False
    )

    assert NoticePreferences.objects.get(user=officer).channel("reminders") == Channel.BOTH


def _queries_to_tell(units: int) -> int:
    from tests.factories import UserFactory

    notices = [
        Notice(users=UserFactory.create_batch(2), template=DOSSIERS, context={"name": str(i)},
               dedupe_key=f"unit-{units}-{i}")
        for i in range(units)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        notify_many(notices=notices)
    return len(captured)


@pytest.mark.django_db
def test_notify_many_costs_the_same_queries_for_one_unit_or_thirty(test_templates):  # noqa: F811
    one, thirty = _queries_to_tell(1), _queries_to_tell(30)

    assert one == thirty
    assert Notification.objects.count() == 62
    assert OutboxEmail.objects.count() == 62


@pytest.mark.django_db
def test_email_only_without_an_address_shows_in_the_portal(officer, test_templates):  # noqa: F811
    officer.email = ""
    officer.save(update_fields=["email"])
    prefer(officer, dossiers=Channel.EMAIL)

    tell([officer])

    assert unread_count(user=officer) == 1


@pytest.mark.django_db
def test_the_daily_beat_task_sends_the_digests(officer, settings, test_templates):  # noqa: F811
    from apps.notifications.tasks import task_send_notice_digests

    prefer(officer, daily_digest=True)
    tell([officer])

    sent = task_send_notice_digests()

    assert sent == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["send-notice-digests"]
    assert schedule["task"] == task_send_notice_digests.name
    assert schedule["schedule"].hour == {7}


@pytest.mark.django_db
def test_notify_many_tells_a_key_listed_twice_once_and_keyless_notices_each(
    officer,
    test_templates,  # noqa: F811
):
    twice = Notice(users=[officer], template=DOSSIERS, context={"name": "A"}, dedupe_key="k")
    keyless = [Notice(users=[officer], template=DOSSIERS, context={"name": n}) for n in "BC"]

    queued = notify_many(notices=[twice, twice, *keyless])

    assert queued == 3
    assert sorted(Notification.objects.values_list("message", flat=True)) == [
        f"Hồ sơ {n} đã được tiếp nhận" for n in "ABC"
    ]

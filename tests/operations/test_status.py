"""The operations page and its periodic check: each part green, amber or red with a
reason; the operators e-mailed once per problem; periodic task runs recorded."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.decisions.tasks import task_reconcile_print_jobs
from apps.notifications.models import OutboxEmail
from apps.operations.checks import operations_checks
from apps.operations.models import Alert, TaskRun
from apps.operations.services import operations_alert
from tests.conftest import client_for
from tests.factories import UserFactory, make_member
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _backups(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"


@pytest.fixture
def administrator(province):
    return make_member(province, "admin", username="quan_tri_tinh", email="qt@example.vn")


def _tones(now=None):
    return {c.key: c.tone for c in operations_checks(now=now or timezone.now())}


def _failed_emails(count):
    for n in range(count):
        OutboxEmail.objects.create(
            to=f"a{n}@example.vn", subject="x", body_text="x", status="failed", attempts=5
        )


def test_a_failed_email_turns_the_outbox_red_and_no_backup_the_backups_red():
    _failed_emails(1)

    tones = _tones()

    assert (tones["outbox"], tones["backup"]) == ("bad", "bad")


@pytest.mark.django_db(transaction=True)
def test_a_fresh_backup_is_green_and_an_old_one_red(settings):
    call_command("backup", stdout=io.StringIO(), stderr=io.StringIO())

    today = _tones()["backup"]
    three_days_on = _tones(timezone.now() + datetime.timedelta(days=3))["backup"]

    assert (today, three_days_on) == ("ok", "bad")


def test_a_periodic_task_run_is_recorded_and_shown_on_time():
    task_reconcile_print_jobs.apply()

    run = TaskRun.objects.get(name="apps.decisions.tasks.task_reconcile_print_jobs")
    later = timezone.now() + datetime.timedelta(hours=1)
    rows = {row.entry: row.tone for row in _task_rows(timezone.now())}
    rows_later = {row.entry: row.tone for row in _task_rows(later)}
    assert run.succeeded is True
    assert (rows["reconcile-print-jobs"], rows_later["reconcile-print-jobs"]) == ("ok", "bad")
    assert rows["backup"] == "warn"  # never ran


def _task_rows(now):
    from apps.operations.checks import task_rows

    return task_rows(now=now)


def test_operators_are_emailed_once_per_problem_and_again_when_it_returns(administrator, commune):
    UserFactory(is_superuser=True, email="root@example.vn")
    make_member(commune, "admin", email="xa@example.vn")  # a commune's: not an operator
    former = make_member(administrator_province(administrator), "admin", email="cu@example.vn")
    former.memberships.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    _failed_emails(1)
    now = timezone.now()

    first = operations_alert(now=now)
    second = operations_alert(now=now + datetime.timedelta(minutes=5))
    told = sorted(
        _alert_emails().filter(subject__contains="Hộp thư đi").values_list("to", flat=True)
    )
    OutboxEmail.objects.filter(status="failed").delete()
    solved = operations_alert(now=now + datetime.timedelta(minutes=10))
    _failed_emails(1)
    back = operations_alert(now=now + datetime.timedelta(minutes=15))

    assert ("outbox" in first["opened"], "outbox" in second["opened"]) == (True, False)
    assert told == ["qt@example.vn", "root@example.vn"]
    assert "outbox" in solved["resolved"]
    assert "outbox" in back["opened"]
    assert Alert.objects.filter(key="outbox").count() == 2
    assert _alert_emails().filter(subject__contains="Hộp thư đi").count() == 4


def administrator_province(user):
    return user.memberships.get().unit


def _alert_emails():
    return OutboxEmail.objects.filter(dedupe_key__startswith="operations-alert:")


def test_page_shows_each_check_in_vietnamese(administrator):
    _failed_emails(2)

    page = client_for(administrator).get(reverse("operations:status")).content.decode()

    assert "Hộp thư đi" in page
    assert 'class="badge bad"' in page
    assert "Sao lưu" in page


def test_page_queries_do_not_grow_with_the_rows(administrator):
    client = client_for(administrator)
    url = reverse("operations:status")
    for _ in range(2):  # the first requests renew the session and cache the unread count
        client.get(url)
    _failed_emails(1)
    task_reconcile_print_jobs.apply()
    one = page_queries(client, url)

    _failed_emails(5)
    for name in (
        "apps.operations.tasks.task_backup",
        "apps.operations.tasks.task_check_operations",
    ):
        TaskRun.objects.create(name=name, started_at=timezone.now())
    many = page_queries(client, url)

    assert one == many

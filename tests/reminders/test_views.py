import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.notifications.models import OutboxEmail
from apps.notifications.services import outbox_send_pending
from apps.reminders.services import reminders_send
from tests.brightspots.factories import make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit

URL = reverse("reminders:log")


def communes(province, count):
    for number in range(count):
        commune = make_unit(f"Xã Số {number}", parent=province, code=f"X{number}")
        make_member(commune, Role.OFFICER)


@pytest.mark.django_db
def test_administrator_sees_what_was_sent_and_what_failed(province, province_admin, mailoutbox):
    make_cycle(province, 2026)
    communes(province, 2)
    reminders_send(today=datetime.date(2026, 3, 23))
    failed = OutboxEmail.objects.order_by("pk").first()
    OutboxEmail.objects.filter(pk=failed.pk).update(
        status=OutboxEmail.Status.FAILED, attempts=5, last_error="SMTP 554 rejected"
    )
    outbox_send_pending()

    response = client_for(province_admin).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Xã Số 0" in page and "Xã Số 1" in page
    assert "SMTP 554 rejected" in page
    assert "Gửi lỗi: 1" in page
    assert "Đã gửi: 1" in page


@pytest.mark.django_db
def test_reminder_log_filters_by_delivery_status(province, province_admin):
    make_cycle(province, 2026)
    communes(province, 2)
    reminders_send(today=datetime.date(2026, 3, 23))
    failed = OutboxEmail.objects.order_by("pk").first()
    OutboxEmail.objects.filter(pk=failed.pk).update(status=OutboxEmail.Status.FAILED)

    response = client_for(province_admin).get(URL, {"status": "failed"})

    assert [log.email_key.endswith(str(log.recipient_id)) for log in response.context["page"]] == [
        True
    ]
    assert response.context["page"][0].delivery == "failed"


@pytest.mark.django_db
def test_reminder_log_shows_only_units_the_administrator_reaches(province, other_province, commune):
    make_cycle(province, 2026)
    make_cycle(other_province, 2026)
    make_member(commune, Role.OFFICER)
    make_member(make_unit("Xã Kỳ Anh", parent=other_province), Role.OFFICER)
    reminders_send(today=datetime.date(2026, 3, 23))
    commune_admin = make_member(commune, Role.ADMIN)

    response = client_for(commune_admin).get(URL)

    assert {log.unit for log in response.context["page"]} == {commune}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_reminder_log_query_count_is_flat(
    province, province_admin, count, django_assert_max_num_queries
):
    make_cycle(province, 2026)
    communes(province, count)
    reminders_send(today=datetime.date(2026, 3, 23))
    client = client_for(province_admin)

    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert response.context["page"].paginator.count == count

import datetime

import pytest
from django.urls import reverse

from apps.reminders.services import reminders_send
from tests.access import check_access
from tests.brightspots.factories import make_cycle


@pytest.mark.django_db
def test_reminder_log_access_only_for_administrators(personas):
    make_cycle(personas.province, 2026)
    reminders_send(today=datetime.date(2026, 3, 23))
    url = reverse("reminders:log")

    check_access(personas, "get", url, allowed={"admin", "outsider"}, allowed_status=200)


@pytest.mark.django_db
def test_reminder_log_post_is_refused(personas):
    url = reverse("reminders:log")

    check_access(personas, "post", url, allowed=set(), refused_status=405)

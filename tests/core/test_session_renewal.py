"""A signed-in user's pages do not rewrite the session on every request: the idle
timeout is renewed at most every SESSION_RENEW_SECONDS (tests/accounts/test_sessions.py
checks that the timeouts themselves still hold)."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD

START = "2026-03-02 08:00 +07:00"


def _log_in(client):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notifications:list")).status_code == 200
    return sum(
        q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
        for q in queries.captured_queries
    )


def _expiry():
    return Session.objects.get().expire_date


@pytest.mark.django_db
def test_pages_within_the_renewal_window_leave_the_session_alone(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)
    expiry = _expiry()

    time_machine.shift(settings.SESSION_RENEW_SECONDS - 5)
    writes = [_session_writes(client) for _ in range(3)]

    assert writes == [0, 0, 0]
    assert _expiry() == expiry


@pytest.mark.django_db
def test_the_first_page_after_the_window_pushes_the_expiry_forward(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)
    expiry = _expiry()

    time_machine.shift(settings.SESSION_RENEW_SECONDS + 5)
    writes = [_session_writes(client), _session_writes(client)]

    assert writes == [1, 0]
    assert (_expiry() - expiry).total_seconds() == settings.SESSION_RENEW_SECONDS + 5

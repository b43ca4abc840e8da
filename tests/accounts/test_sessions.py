"""Sessions end after SESSION_COOKIE_AGE without a request (idle) and, however busy,
SESSION_ABSOLUTE_SECONDS after log-in (absolute)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

START = "2026-03-02 08:00 +07:00"


def _log_in(client):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302


def _is_signed_in(client) -> bool:
    # A page for signed-in users only (the home page is the public front door too).
    return client.get(reverse("notifications:list")).status_code == 200


@pytest.mark.django_db
def test_session_survives_a_pause_shorter_than_the_idle_timeout(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)

    time_machine.shift(settings.SESSION_COOKIE_AGE - 60)

    assert _is_signed_in(client)


@pytest.mark.django_db
def test_session_ends_after_the_idle_timeout(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)

    time_machine.shift(settings.SESSION_COOKIE_AGE + 60)

    assert not _is_signed_in(client)


@pytest.mark.django_db
def test_each_request_renews_the_idle_timeout(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)

    for _ in range(3):
        time_machine.shift(settings.SESSION_COOKIE_AGE - 60)
        assert _is_signed_in(client)


@pytest.mark.django_db
def test_session_ends_at_the_absolute_timeout_however_active(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)
    step = settings.SESSION_COOKIE_AGE // 2
    for _ in range(settings.SESSION_ABSOLUTE_SECONDS // step):
        time_machine.shift(step)
        assert _is_signed_in(client)

    time_machine.shift(step)
    response = client.get(reverse("notifications:list"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Phiên làm việc đã kết thúc" in response.content.decode()


@pytest.mark.django_db
def test_logging_in_again_restarts_the_absolute_timeout(client, officer, time_machine):
    time_machine.move_to(START, tick=False)
    _log_in(client)
    time_machine.shift(settings.SESSION_ABSOLUTE_SECONDS - 60)
    _log_in(client)

    time_machine.shift(120)

    assert _is_signed_in(client)


@pytest.mark.django_db
def test_logout_is_post_only_and_ends_the_session(client, officer):
    _log_in(client)

    refused = client.get(reverse("logout"))
    response = client.post(reverse("logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert not _is_signed_in(client)

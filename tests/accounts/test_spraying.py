"""Past axes' lock on (username, address): one address trying many usernames is refused
for a while, and one username tried from many addresses waits a short, growing delay
that the real user outlasts. The address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT
proxies are declared, as for the lockout (tests/accounts/test_lockout.py)."""

import uuid

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

ATTACKER = "14.160.10.10"
VICTIM = "14.160.20.20"
PROXY = "172.18.0.2"
SPRAYED = "Matkhau@2026"

pytestmark = pytest.mark.django_db


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _spray(client, count=20, **meta) -> list[int]:
    """One password tried on ``count`` usernames; the status of each answer."""
    return [_login(client, f"canbo{n}", SPRAYED, **meta).status_code for n in range(count)]


def _refused_after_the_limit(count=20) -> list[int]:
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return [200] * limit + [429] * (count - limit)


def _guess_from_many_addresses(client, username, count):
    for n in range(count):
        _login(client, username, "sai-mat-khau", REMOTE_ADDR=f"203.0.113.{n + 1}")


@pytest.fixture
def at_eight(time_machine):
    """Time stands still at 8:00, the start of an hour: the counters' windows do not
    turn over in the middle of a test."""
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    return time_machine


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def behind_one_proxy(settings):
    """What config/settings/base.py derives from TRUSTED_PROXY_COUNT=1."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def test_spraying_twenty_usernames_from_one_address_is_refused_after_the_limit(client, at_eight):
    statuses = _spray(client, REMOTE_ADDR=ATTACKER)

    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT < 20
    assert statuses == _refused_after_the_limit()


def test_a_sprayed_address_is_refused_even_the_right_password_and_told_why(
    english, officer, at_eight
):
    _spray(english, REMOTE_ADDR=ATTACKER)

    response = _login(english, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    content = response.content.decode()
    assert response.status_code == 429
    assert "_auth_user_id" not in english.session
    assert "Too many failed log-ins from your network. Try again in 15 minutes." in content
    assert 'value="officer"' in content


def test_a_sprayed_address_is_let_in_again_after_the_block(client, officer, at_eight):
    _spray(client, REMOTE_ADDR=ATTACKER)

    at_eight.shift(settings.LOGIN_ADDRESS_BLOCK_SECONDS + 1)
    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 302


def test_a_sprayed_address_does_not_stop_other_addresses(client, officer, at_eight):
    _spray(client, REMOTE_ADDR=ATTACKER)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302


def test_the_admin_log_in_counts_and_is_refused_too(client, province_admin, at_eight):
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"), {"username": f"qt{n}", "password": "x"}, REMOTE_ADDR=ATTACKER
        )

    admin = client.post(
        reverse("admin:login"), {"username": "padmin", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    portal = _login(client, "padmin", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert (admin.status_code, portal.status_code) == (429, 429)


def test_an_ipv6_client_counts_by_its_64_network(client, officer, at_eight):
    statuses = [
        _login(client, f"canbo{n}", SPRAYED, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}").status_code
        for n in range(20)
    ]
    neighbour = _login(client, "officer", PASSWORD, REMOTE_ADDR="2001:db8:1:3::1")

    assert statuses == _refused_after_the_limit()
    assert neighbour.status_code == 302


def test_forged_forwarded_for_does_not_spread_spraying_without_proxies(client, at_eight):
    statuses = [
        _login(
            client, f"canbo{n}", SPRAYED, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        ).status_code
        for n in range(20)
    ]

    assert statuses == _refused_after_the_limit()


def test_forged_forwarded_for_does_not_block_the_address_it_names(client, officer, at_eight):
    _spray(client, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302


def test_behind_one_proxy_spraying_blocks_the_real_client_only(
    client, officer, behind_one_proxy, at_eight
):
    statuses = [
        _login(
            client,
            f"canbo{n}",
            SPRAYED,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {ATTACKER}",
        ).status_code
        for n in range(20)
    ]

    attacker = _login(client, "officer", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    colleague = _login(client, "officer", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM)

    assert statuses == _refused_after_the_limit()
    assert (attacker.status_code, colleague.status_code) == (429, 302)


def test_a_username_guessed_from_many_addresses_waits_then_the_real_user_gets_in(
    client, officer, at_eight
):
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)

    refused = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)
    at_eight.shift(settings.LOGIN_USERNAME_DELAY_SECONDS + 1)
    admitted = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert refused.status_code == 429
    assert admitted.status_code == 302


def test_the_wait_is_explained(english, officer, at_eight):
    _guess_from_many_addresses(english, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)

    response = _login(english, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert "Too many failed log-ins to this account. Wait 1 minute, then try again." in (
        response.content.decode()
    )


def test_below_the_limit_a_username_does_not_wait(client, officer, at_eight):
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT - 1)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302


def test_the_wait_doubles_with_each_failure_but_not_with_refused_attempts(
    client, officer, at_eight
):
    delay = settings.LOGIN_USERNAME_DELAY_SECONDS
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)
    at_eight.shift(delay + 1)
    _login(client, "officer", "sai-mat-khau", REMOTE_ADDR="198.51.100.1")  # now 2 × delay

    at_eight.shift(delay + 1)
    still_waiting = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)
    hammering = [_login(client, "officer", "sai", REMOTE_ADDR=ATTACKER) for _ in range(10)]
    at_eight.shift(delay)
    admitted = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert still_waiting.status_code == 429
    assert {r.status_code for r in hammering} == {429}
    assert admitted.status_code == 302


def test_attempts_refused_while_waiting_do_not_count_towards_axes_lock(client, officer, at_eight):
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    at_eight.shift(settings.LOGIN_USERNAME_DELAY_SECONDS + 1)
    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(ip_address=VICTIM).exists()


def test_the_wait_stops_growing_at_the_maximum(client, officer, at_eight):
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)
    for n in range(6):  # uncapped, the sixth would make the wait 32 × 30 s
        at_eight.shift(settings.LOGIN_USERNAME_MAX_DELAY_SECONDS + 1)
        _login(client, "officer", "sai-mat-khau", REMOTE_ADDR=f"198.51.100.{n + 1}")

    at_eight.shift(settings.LOGIN_USERNAME_MAX_DELAY_SECONDS + 1)
    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302


def test_without_the_cache_the_limits_fail_open(client, officer, redis_down):
    statuses = _spray(client, REMOTE_ADDR=ATTACKER)
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert statuses == [200] * 20
    assert response.status_code == 302


@pytest.fixture
def real_redis(settings):
    """The cache on the test Redis, under a key prefix of this test alone: the server
    is shared (Celery's broker), so nothing is flushed; the keys expire by themselves."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-spraying-{uuid.uuid4().hex}",
        }
    }


def test_the_limits_hold_on_redis_too(client, officer, real_redis, at_eight):
    statuses = _spray(client, REMOTE_ADDR=ATTACKER)
    _guess_from_many_addresses(client, "officer", settings.LOGIN_USERNAME_FAILURE_LIMIT)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert statuses == _refused_after_the_limit()
    assert response.status_code == 429

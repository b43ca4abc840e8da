"""Wrong passwords lock the pair (username, client address) for a while; the client
address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies are declared."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

ATTACKER = "14.160.10.10"
VICTIM = "14.160.20.20"
PROXY = "172.18.0.2"


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _fail_five_times(client, username, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "sai-mat-khau", **meta)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address(client, officer):
    _fail_five_times(client, "officer", REMOTE_ADDR=ATTACKER)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Quá nhiều lần đăng nhập sai" in response.content.decode()


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "officer", "sai-mat-khau", REMOTE_ADDR=ATTACKER)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.django_db
def test_lock_does_not_stop_the_same_user_elsewhere_nor_others_here(client, officer, leader):
    _fail_five_times(client, "officer", REMOTE_ADDR=ATTACKER)

    from_elsewhere = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)
    other_user_here = _login(client, "leader", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert from_elsewhere.status_code == 302
    assert other_user_here.status_code == 302


@pytest.mark.django_db
def test_lock_ends_after_the_cool_off(client, officer, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    _fail_five_times(client, "officer", REMOTE_ADDR=ATTACKER)

    time_machine.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 302


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_bypass_the_lock_without_proxies(client, officer):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "officer", "sai", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")

    response = _login(
        client, "officer", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="9.9.9.9"
    )

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_lock_out_the_victim_without_proxies(client, officer):
    _fail_five_times(client, "officer", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)

    response = _login(client, "officer", PASSWORD, REMOTE_ADDR=VICTIM)

    assert response.status_code == 302


@pytest.fixture
def behind_one_proxy(settings):
    """What config/settings/base.py derives from TRUSTED_PROXY_COUNT=1 (checked below)."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


@pytest.mark.django_db
def test_behind_one_proxy_the_lock_is_on_the_real_client_address(client, officer, behind_one_proxy):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client,
            "officer",
            "sai",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {ATTACKER}",
        )

    attacker = _login(client, "officer", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    colleague = _login(client, "officer", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert attacker.status_code == 429
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_behind_one_proxy_an_office_network_address_counts(client, officer, behind_one_proxy):
    _fail_five_times(client, "officer", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.20.30.40")

    response = _login(
        client, "officer", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.20.30.41"
    )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.20.30.40"}
    assert response.status_code == 302


CLIENT_IP_SCRIPT = """
import django
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
request = RequestFactory().post("/", REMOTE_ADDR="172.18.0.2",
                                HTTP_X_FORWARDED_FOR="6.6.6.6, 14.160.10.10")
print(get_client_ip_address(request))
"""


@pytest.mark.parametrize(
    ("proxies", "expected"), [("0", "172.18.0.2"), ("1", "14.160.10.10"), ("2", "6.6.6.6")]
)
def test_trusted_proxy_count_picks_the_client_address(proxies, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["TRUSTED_PROXY_COUNT"] = proxies

    result = subprocess.run(
        [sys.executable, "-c", CLIENT_IP_SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == expected

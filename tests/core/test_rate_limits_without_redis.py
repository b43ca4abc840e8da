"""When Redis is away, the rate-limited public pages answer, each failing the way it
says: certificate checks stay open, password resets are refused for the moment."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_certificate_check_still_answers(client, redis_down):
    response = client.get(reverse("verify:certificate", args=["ABCDEFGHJK"]))

    assert response.status_code == 404  # no such certificate, and no server error


def test_a_password_reset_is_refused_for_now_with_the_address_kept(client, redis_down):
    response = client.post(reverse("password_reset"), {"email": "canbo@example.vn"})

    assert response.status_code == 429
    assert 'value="canbo@example.vn"' in response.content.decode()

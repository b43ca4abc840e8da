import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "Mat-khau-moi-2026!"


def _ask_for_a_link(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def _can_log_in(client, password) -> bool:
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "officer", "password": password})
    return "_auth_user_id" in client.session


def _link_path(message, site_url) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    assert url.startswith(site_url)
    return url[len(site_url) :]


@pytest.mark.django_db
def test_password_reset_by_email_end_to_end(client, officer, settings):
    settings.SITE_URL = "https://diemsang.example.vn"

    asked = _ask_for_a_link(client, officer.email)
    path = _link_path(mail.outbox[0], settings.SITE_URL)
    form = client.get(path, follow=True)
    saved = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert asked.url == reverse("password_reset_done")
    assert mail.outbox[0].to == [officer.email]
    assert mail.outbox[0].subject == "Đặt lại mật khẩu trên Cổng thông tin Điểm sáng"
    assert saved.url == reverse("password_reset_complete")
    assert _can_log_in(client, NEW_PASSWORD)
    assert not _can_log_in(client, PASSWORD)


@pytest.mark.django_db
def test_password_reset_link_works_only_once(client, officer, settings):
    _ask_for_a_link(client, officer.email)
    path = _link_path(mail.outbox[0], settings.SITE_URL)
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    again = client.get(path, follow=True)

    assert again.context["validlink"] is False
    assert "Đường dẫn này không còn hiệu lực" in again.content.decode()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = _ask_for_a_link(client, "khong-ai@example.vn")

    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_is_not_offered_to_a_deactivated_account(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])

    _ask_for_a_link(client, officer.email)

    assert mail.outbox == []


@pytest.mark.django_db
def test_weak_new_password_is_refused_beside_the_field(client, officer, settings):
    _ask_for_a_link(client, officer.email)
    form = client.get(_link_path(mail.outbox[0], settings.SITE_URL), follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert _can_log_in(client, PASSWORD)


@pytest.mark.django_db
def test_reset_requests_beyond_the_hourly_limit_are_refused_in_vietnamese(
    client, officer, settings
):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        _ask_for_a_link(client, officer.email)

    refused = _ask_for_a_link(client, officer.email)

    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert refused.context["form"]["email"].value() == officer.email
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_reset_limit_counts_each_client_address_apart(client, officer, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 1
    _ask_for_a_link(client, officer.email)

    other = client.post(reverse("password_reset"), {"email": officer.email}, REMOTE_ADDR="10.0.0.9")

    assert other.status_code == 302
    assert len(mail.outbox) == 2

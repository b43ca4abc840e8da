import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert "Đăng nhập" in content
    assert "Tên đăng nhập" in content
    assert "Quên mật khẩu?" in content


@pytest.mark.django_db
def test_login_leads_to_the_home_page(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})

    assert response.url == reverse("home")


@pytest.mark.django_db
def test_login_follows_a_local_next_but_not_an_outside_one(client, officer):
    data = {"username": "officer", "password": PASSWORD}

    inside = client.post(reverse("login") + "?next=/notifications/", data)
    client.post(reverse("logout"))
    outside = client.post(reverse("login") + "?next=https://evil.example/", data)

    assert inside.url == "/notifications/"
    assert outside.url == reverse("home")


@pytest.mark.django_db
def test_wrong_password_is_explained_in_vietnamese(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "sai"})

    assert response.status_code == 200
    assert "và mật khẩu chính xác" in response.content.decode()


@pytest.mark.django_db
def test_deactivated_account_cannot_log_in(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])

    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_keeps_the_user_signed_in(client, officer):
    client.force_login(officer)
    new = "Mat-khau-moi-2026!"

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.url == reverse("password_change_done")
    assert client.get(reverse("notifications:list")).status_code == 200  # still signed in
    officer.refresh_from_db()
    assert officer.check_password(new)

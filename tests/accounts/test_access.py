import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.accounts.enums import Role
from tests.access import PERSONAS, check_access
from tests.factories import PASSWORD, make_member

EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous", "deactivated"}
NEW_PASSWORD = "Mat-khau-moi-2026!"


@pytest.fixture
def many_attempts_allowed(settings):
    """Matrix rows post one wrong password per persona from the same address, for the
    same username."""
    settings.AXES_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 100
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 100


@pytest.mark.django_db
def test_login_get_access(personas):
    check_access(personas, "get", reverse("login"), allowed=EVERYONE, allowed_status=200)


@pytest.mark.django_db
def test_login_post_with_the_right_password_access(personas):
    data = {"username": "p_officer", "password": PASSWORD}

    def logged_in(_nothing, by, response):
        assert response.wsgi_request.user == personas.users["officer"]

    check_access(
        personas,
        "post",
        reverse("login"),
        allowed=EVERYONE,
        allowed_status=302,
        data=data,
        effect=logged_in,
    )


@pytest.mark.django_db
def test_login_post_with_a_wrong_password_access(personas, many_attempts_allowed):
    data = {"username": "p_officer", "password": "sai-mat-khau"}

    check_access(
        personas, "post", reverse("login"), allowed=EVERYONE, allowed_status=200, data=data
    )


@pytest.mark.django_db
def test_login_post_of_a_deactivated_account_access(personas, many_attempts_allowed):
    data = {"username": "p_deactivated", "password": PASSWORD}

    check_access(
        personas, "post", reverse("login"), allowed=EVERYONE, allowed_status=200, data=data
    )


@pytest.mark.django_db
def test_logout_get_is_refused(personas):
    check_access(personas, "get", reverse("logout"), allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_logout_post_access(personas):
    def logged_out(_nothing, by, response):
        assert response.wsgi_request.user.is_anonymous

    check_access(
        personas,
        "post",
        reverse("logout"),
        allowed=EVERYONE,
        allowed_status=302,
        effect=logged_out,
    )


@pytest.mark.django_db
def test_password_change_get_access(personas):
    url = reverse("password_change")

    check_access(personas, "get", url, allowed=SIGNED_IN, allowed_status=200)


@pytest.mark.django_db
def test_password_change_post_access(personas):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    def changed(_nothing, by, response):
        by.refresh_from_db()
        assert by.check_password(NEW_PASSWORD)

    check_access(
        personas,
        "post",
        reverse("password_change"),
        allowed=SIGNED_IN,
        allowed_status=302,
        data=data,
        effect=changed,
    )


@pytest.mark.django_db
def test_password_change_done_get_access(personas):
    url = reverse("password_change_done")

    check_access(personas, "get", url, allowed=SIGNED_IN, allowed_status=200)


@pytest.mark.django_db
def test_password_reset_get_access(personas):
    check_access(personas, "get", reverse("password_reset"), allowed=EVERYONE, allowed_status=200)


@pytest.mark.django_db
def test_password_reset_post_access(personas, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = len(personas.users) + 1  # one address posts
    data = {"email": personas.users["officer"].email}

    def mailed(_nothing, by, response):
        assert mail.outbox.pop().to == [data["email"]]

    check_access(
        personas,
        "post",
        reverse("password_reset"),
        allowed=EVERYONE,
        allowed_status=302,
        data=data,
        effect=mailed,
    )


@pytest.mark.django_db
def test_password_reset_done_get_access(personas):
    url = reverse("password_reset_done")

    check_access(personas, "get", url, allowed=EVERYONE, allowed_status=200)


@pytest.fixture
def forgetful(personas):
    """The owner of the reset link; not a persona, whose log-ins would void the link."""
    return make_member(personas.commune, Role.OFFICER, username="forgetful")


def _confirm_url(user, token=None):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = token or default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@pytest.mark.django_db
def test_password_reset_confirm_get_with_a_valid_link_access(personas, forgetful):
    url = _confirm_url(forgetful)

    check_access(personas, "get", url, allowed=EVERYONE, allowed_status=302)


@pytest.mark.django_db
def test_password_reset_confirm_get_with_a_forged_link_access(personas, forgetful):
    url = _confirm_url(forgetful, token="abc-0123456789abcdef")

    check_access(personas, "get", url, allowed=EVERYONE, allowed_status=200)


@pytest.mark.django_db
def test_password_reset_confirm_post_without_the_link_session_changes_nothing(personas, forgetful):
    url = _confirm_url(forgetful, token="set-password")
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    check_access(personas, "post", url, allowed=EVERYONE, allowed_status=200, data=data)

    forgetful.refresh_from_db()
    assert forgetful.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_complete_get_access(personas):
    url = reverse("password_reset_complete")

    check_access(personas, "get", url, allowed=EVERYONE, allowed_status=200)

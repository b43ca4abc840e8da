"""The admin speaks Vietnamese, including the strings of Django and the third-party apps
(django-axes, django-guardian, import-export) that their own catalogues lack:
locale_third_party/ gives them."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import UserFactory

# English a superuser saw on these pages before locale_third_party/ existed.
ENGLISH = [
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Sidebar",
    "Filter navigation items",
    "Breadcrumbs",
    "Model name",
    "Add link",
    "Change or view list link",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Access attempt expirations",
    "Sessions",
    "Attempt Time",
    "Logout Time",
    "IP Address",
    "User Agent",
    "Failed Logins",
    "Attempt Remaining",
    "Locked Out",
    "Select all objects on this page for an action",
    "Select this object for an action",
    "Show counts",
    "Hide counts",
]


@pytest.fixture
def superuser_client(db):
    return client_for(UserFactory(is_superuser=True, is_staff=True))


def _english_on(response) -> list[str]:
    page = response.content.decode()
    return [text for text in ENGLISH if text in page]


def test_the_admin_index_has_no_english(superuser_client):
    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert _english_on(response) == []
    assert "Lần đăng nhập sai" in response.content.decode()


@pytest.mark.parametrize(
    ("model", "fields"), [(AccessAttempt, {"failures_since_start": 3}), (AccessLog, {})]
)
def test_the_login_attempt_lists_have_no_english(superuser_client, model, fields):
    model.objects.create(
        username="officer",
        ip_address="203.0.113.5",
        user_agent="Firefox",
        path_info="/login/",
        **fields,
    )

    response = superuser_client.get(
        reverse(f"admin:axes_{model._meta.model_name}_changelist") + "?_facets=True"
    )

    assert response.status_code == 200
    assert _english_on(response) == []
    assert "Địa chỉ IP" in response.content.decode()

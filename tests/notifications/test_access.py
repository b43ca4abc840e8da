import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from tests.access import PERSONAS, check_access

COVERED_URL_NAMES = {"notifications:list", "notifications:read", "notifications:read_all"}

SIGNED_IN = set(PERSONAS) - {"anonymous", "deactivated"}


@pytest.fixture
def officers_notification(personas):
    return Notification.objects.create(
        user=personas.users["officer"], message="Hồ sơ đã được tiếp nhận", url="/"
    )


@pytest.mark.django_db
def test_notification_list_get_access(personas):
    url = reverse("notifications:list")

    check_access(personas, "get", url, allowed=SIGNED_IN, allowed_status=200)


@pytest.mark.django_db
def test_notification_list_post_is_refused(personas):
    url = reverse("notifications:list")

    check_access(personas, "post", url, allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_notification_read_post_access_only_for_its_owner(personas, officers_notification):
    url = reverse("notifications:read", args=[officers_notification.pk])

    check_access(personas, "post", url, allowed={"officer"}, allowed_status=302)

    officers_notification.refresh_from_db()
    assert officers_notification.read_at is not None


@pytest.mark.django_db
def test_notification_read_get_is_refused(personas, officers_notification):
    url = reverse("notifications:read", args=[officers_notification.pk])

    check_access(personas, "get", url, allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_notification_read_all_post_access(personas, officers_notification):
    url = reverse("notifications:read_all")

    check_access(personas, "post", url, allowed=SIGNED_IN, allowed_status=302)


@pytest.mark.django_db
def test_notification_read_all_get_is_refused(personas):
    url = reverse("notifications:read_all")

    check_access(personas, "get", url, allowed=set(), refused_status=405)

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from tests.access import PERSONAS, check_access

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

    def read(_nothing, by, response):
        officers_notification.refresh_from_db()
        assert officers_notification.read_at is not None

    check_access(personas, "post", url, allowed={"officer"}, allowed_status=302, effect=read)


@pytest.mark.django_db
def test_notification_read_get_is_refused(personas, officers_notification):
    url = reverse("notifications:read", args=[officers_notification.pk])

    check_access(personas, "get", url, allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_notification_read_all_post_access(personas):
    def fresh():
        """One unread notification for each persona."""
        return {
            user: Notification.objects.create(user=user, message="Có hồ sơ mới", url="/")
            for user in personas.users.values()
        }

    def read_only_own(notifications, by, response):
        mine = notifications.pop(by)
        assert Notification.objects.get(pk=mine.pk).read_at is not None
        others = Notification.objects.filter(pk__in=[n.pk for n in notifications.values()])
        assert list(others.exclude(read_at=None)) == []

    check_access(
        personas,
        "post",
        reverse("notifications:read_all"),
        allowed=SIGNED_IN,
        allowed_status=302,
        fresh=fresh,
        effect=read_only_own,
    )


@pytest.mark.django_db
def test_notification_read_all_get_is_refused(personas):
    url = reverse("notifications:read_all")

    check_access(personas, "get", url, allowed=set(), refused_status=405)

"""The menu's unread count is kept per user and dropped exactly when the user's
notifications change: a new one, one read, all read."""

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from apps.notifications.selectors import unread_count
from apps.notifications.services import notifications_mark_read, notify
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached_counts(settings):
    settings.UNREAD_COUNT_CACHE_SECONDS = 300  # off in the other tests


@pytest.fixture
def officer(commune):
    from apps.accounts.enums import Role

    return make_member(commune, Role.OFFICER, username="officer")


@pytest.fixture
def other(commune):
    from apps.accounts.enums import Role

    return make_member(commune, Role.OFFICER, username="other")


def _notify(users, capture):
    with capture(execute=True):
        notify(users=users, template="bright_spot_published", context={}, path="/")


def test_the_count_is_read_without_a_query_once_kept(officer, django_assert_num_queries):
    unread_count(user=officer)
    unread_count(user=officer)  # counted and kept

    with django_assert_num_queries(0):
        assert unread_count(user=officer) == 0


def test_a_new_notification_and_reading_change_the_count_at_once(
    officer, other, django_capture_on_commit_callbacks
):
    counts = [unread_count(user=officer), unread_count(user=officer)]
    _notify([officer, other], django_capture_on_commit_callbacks)
    _notify([officer], django_capture_on_commit_callbacks)
    counts += [unread_count(user=officer), unread_count(user=other)]
    first = Notification.objects.filter(user=officer).first()
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mark_read(user=officer, pks=[first.pk])
    counts.append(unread_count(user=officer))
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mark_read(user=officer)
    counts += [unread_count(user=officer), unread_count(user=other)]

    assert counts == [0, 0, 2, 1, 1, 0, 1]


def test_the_menu_badge_follows_reading_all(client, officer, django_capture_on_commit_callbacks):
    _notify([officer], django_capture_on_commit_callbacks)
    _notify([officer], django_capture_on_commit_callbacks)
    client.force_login(officer)
    before = _badge(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:read_all"))

    assert (before, _badge(client)) == ("2", None)


def _badge(client) -> str | None:
    import re

    page = client.get(reverse("notifications:list")).content.decode()
    found = re.search(r'<span class="badge count"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None

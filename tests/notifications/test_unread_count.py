"""The menu's unread count is read with the signed-in user, in the query that loads
them, and is exact on every page: a new notification, one read, all read."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.backends import ModelBackend
from apps.accounts.enums import Role
from apps.notifications.models import Notification
from apps.notifications.selectors import unread_count
from apps.notifications.services import notifications_mark_read, notify
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(commune):
    return make_member(commune, Role.OFFICER, username="officer")


@pytest.fixture
def other(commune):
    return make_member(commune, Role.OFFICER, username="other")


def _notify(users):
    notify(users=users, template="bright_spot_published", context={}, path="/")


def _loaded(user):
    """``user`` as a request loads them."""
    return ModelBackend().get_user(user.pk)


def test_the_count_comes_with_the_user(officer, other, django_assert_num_queries):
    _notify([officer])
    _notify([officer, other])
    user = _loaded(officer)

    with django_assert_num_queries(0):
        assert unread_count(user=user) == 2
    assert unread_count(user=_loaded(other)) == 1


def test_a_user_loaded_elsewhere_is_counted_in_one_query(officer, django_assert_num_queries):
    _notify([officer])

    with django_assert_num_queries(1):
        assert unread_count(user=officer) == 1


def test_a_new_notification_and_reading_change_the_count_at_once(officer, other):
    counts = [unread_count(user=_loaded(officer))]
    _notify([officer, other])
    _notify([officer])
    counts += [unread_count(user=_loaded(officer)), unread_count(user=_loaded(other))]
    first = Notification.objects.filter(user=officer).first()
    notifications_mark_read(user=officer, pks=[first.pk])
    counts.append(unread_count(user=_loaded(officer)))
    notifications_mark_read(user=officer)
    counts += [unread_count(user=_loaded(officer)), unread_count(user=_loaded(other))]

    assert counts == [0, 2, 1, 1, 0, 1]


def test_reading_recounts_on_the_same_page(officer):
    _notify([officer])
    user = _loaded(officer)
    assert unread_count(user=user) == 1

    notifications_mark_read(user=user)

    assert unread_count(user=user) == 0


def test_a_notification_hidden_by_the_users_choice_is_not_counted(officer):
    _notify([officer])
    Notification.objects.filter(user=officer).update(shown=False)

    assert unread_count(user=_loaded(officer)) == 0


def test_the_menu_badge_follows_reading_all(client, officer):
    _notify([officer])
    _notify([officer])
    client.force_login(officer)
    before = _badge(client)
    client.post(reverse("notifications:read_all"))

    assert (before, _badge(client)) == ("2", None)


def test_a_page_makes_no_query_of_its_own_for_the_count(client, officer):
    _notify([officer])
    client.force_login(officer)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("home")).content.decode()

    assert 'class="badge count"' in page
    assert not [q for q in captured if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]


def _badge(client) -> str | None:
    page = client.get(reverse("notifications:list")).content.decode()
    found = re.search(r'<span class="badge count"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from tests.conftest import client_for


def _notify(user, message="Danh sách đăng ký đã được tiếp nhận", url="", read=False):
    return Notification.objects.create(
        user=user, message=message, url=url, read_at=timezone.now() if read else None
    )


@pytest.mark.django_db
def test_list_shows_only_the_users_own_notifications_newest_first(officer, leader):
    _notify(officer, "Thứ nhất")
    _notify(officer, "Thứ hai")
    _notify(leader, "Của người khác")

    response = client_for(officer).get(reverse("notifications:list"))

    assert [n.message for n in response.context["page"]] == ["Thứ hai", "Thứ nhất"]
    assert "Của người khác" not in response.content.decode()


@pytest.mark.django_db
def test_header_shows_the_unread_count(officer):
    _notify(officer)
    _notify(officer)
    _notify(officer, read=True)

    response = client_for(officer).get(reverse("home"))

    assert response.context["unread"] == 2
    assert 'title="chưa đọc">2</span>' in response.content.decode()


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_follows_its_link(officer):
    notification = _notify(officer, url="/units/")

    response = client_for(officer).post(reverse("notifications:read", args=[notification.pk]))

    assert response.url == "/units/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_a_link_to_another_site_is_not_followed(officer):
    notification = _notify(officer, url="https://evil.example/phish")

    response = client_for(officer).post(reverse("notifications:read", args=[notification.pk]))

    assert response.url == reverse("notifications:list")


@pytest.mark.django_db
def test_reading_twice_keeps_the_first_read_time(officer):
    notification = _notify(officer)
    client = client_for(officer)
    url = reverse("notifications:read", args=[notification.pk])
    client.post(url)
    notification.refresh_from_db()
    first = notification.read_at

    client.post(url)

    notification.refresh_from_db()
    assert notification.read_at == first


@pytest.mark.django_db
def test_mark_all_read_touches_only_the_users_own(officer, leader):
    _notify(officer)
    others = _notify(leader)

    client_for(officer).post(reverse("notifications:read_all"))

    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


@pytest.mark.django_db
def test_empty_list_says_so_in_vietnamese(officer):
    response = client_for(officer).get(reverse("notifications:list"))

    assert "Bạn chưa có thông báo nào." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 40])
def test_list_query_count_does_not_grow_with_rows(officer, rows, django_assert_max_num_queries):
    for i in range(rows):
        _notify(officer, f"Thông báo {i}")
    client = client_for(officer)

    # Nine whatever the number of rows (the menu reads the memberships for its inbox link).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("notifications:list"))

    assert response.status_code == 200

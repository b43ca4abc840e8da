import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.notifications.models import Notification
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory, make_member


@pytest.mark.django_db
def test_home_shows_roles_in_vietnamese(officer, commune):
    response = client_for(officer).get(reverse("home"))

    assert response.status_code == 200
    assert "Cán bộ phụ trách" in response.content.decode()
    assert commune.name in response.content.decode()


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_and_sees_vietnamese_home(page, officer, commune):
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")

    page.wait_for_url(page.base_url + reverse("home"))
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Cán bộ phụ trách" in page.content()
    assert commune.name in page.content()


@pytest.mark.django_db
def test_interface_is_vietnamese_even_for_an_english_browser(officer):
    response = client_for(officer).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "Đăng xuất" in response.content.decode()


@pytest.mark.django_db
def test_user_can_switch_to_english(officer):
    client = client_for(officer)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))

    assert "Log out" in response.content.decode()
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_password_is_checked_on_login(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "sai"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def _sections(response) -> list[str]:
    return [str(section["label"]) for section in response.context["sections"]]


@pytest.mark.django_db
def test_home_shows_one_section_per_role_held(personas):
    response = personas.client("two_roles").get(reverse("home"))

    assert _sections(response) == ["Cán bộ phụ trách", "Lãnh đạo đơn vị"]
    content = response.content.decode()
    assert personas.commune.name in content
    assert personas.other_commune.name in content


@pytest.mark.django_db
def test_home_of_an_administrator_links_to_the_admin(personas):
    response = personas.client("admin").get(reverse("home"))

    assert _sections(response) == ["Quản trị viên"]
    assert f'href="{reverse("admin:index")}"' in response.content.decode()


@pytest.mark.django_db
def test_home_of_an_officer_does_not_offer_the_admin(personas):
    response = personas.client("officer").get(reverse("home"))

    assert f'href="{reverse("admin:index")}"' not in response.content.decode()


@pytest.mark.django_db
def test_home_of_a_person_without_a_role_says_whom_to_ask(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert "Bạn chưa được giao vai trò ở đơn vị nào" in response.content.decode()


@pytest.mark.django_db
def test_home_ignores_roles_in_a_deactivated_unit(officer, commune):
    commune.is_active = False
    commune.save(update_fields=["is_active"])

    response = client_for(officer).get(reverse("home"))

    assert _sections(response) == []


@pytest.mark.django_db
def test_home_counts_unread_notifications(officer):
    Notification.objects.create(user=officer, message="Có hồ sơ cần bổ sung")

    response = client_for(officer).get(reverse("home"))

    assert "Bạn có 1 thông báo chưa đọc." in response.content.decode()


@pytest.mark.django_db
def test_home_of_a_superuser_without_roles_links_to_the_admin(client):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("home"))

    assert f'href="{reverse("admin:index")}"' in response.content.decode()


@pytest.mark.django_db
def test_the_inbox_link_shows_only_to_people_with_a_board_seat(officer, province):
    steering = make_member(province, Role.STEERING)
    inbox = f'href="{reverse("brightspots:inbox")}"'

    officer_page = client_for(officer).get(reverse("home")).content.decode()
    steering_page = client_for(steering).get(reverse("home")).content.decode()

    assert inbox not in officer_page
    assert inbox in steering_page

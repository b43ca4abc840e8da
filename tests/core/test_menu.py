"""The main menu shows each page only to the roles that use it: an officer is not
offered the appraisal queue, the criteria sets or the units; and the menu costs no
query of its own (memberships are loaded once per request, the rest is cached)."""

import re

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.permissions import memberships
from apps.core.menu import MENU, menu_for
from tests.conftest import client_for
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


def _menu(user) -> list[str]:
    html = client_for(user).get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="main"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r">([^<]+)</a>", nav)


def test_an_officer_is_not_offered_appraisal_criteria_sets_or_units(commune):
    menu = _menu(make_member(commune, Role.OFFICER))

    assert menu == [
        "Điểm sáng",
        "Quyết định",
        "Biểu dương, khen thưởng hằng năm",
        "Báo cáo",
        "Năm và mốc thời hạn",
        "Điểm sáng tiêu biểu",
    ]


def test_an_appraiser_is_offered_the_boards_pages(province):
    menu = _menu(make_member(province, Role.APPRAISER))

    assert {"Danh sách đăng ký", "Thẩm định", "Bộ tiêu chí", "Đơn vị"} <= set(menu)


def test_a_superuser_sees_every_page():
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert len(_menu(admin)) == len(MENU)


def test_the_menu_runs_no_query_once_memberships_are_loaded(
    commune, province, django_assert_num_queries
):
    user = make_member(commune, Role.OFFICER)
    make_member(province, Role.APPRAISER, user=user)
    memberships(user)
    menu_for(user)  # fills the shared cache (which provinces score their units)

    with django_assert_num_queries(0):
        links = menu_for(user)

    assert len(links) == 10


def test_the_registers_and_administrators_pages_sit_under_one_disclosure(province):
    admin = UserFactory(is_superuser=True, is_staff=True)
    html = client_for(admin).get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="main"[^>]*>(.*?)</nav>', html, re.S).group(1)
    top, more = nav.split('<details class="more">')

    assert "<summary>Danh mục và quản trị</summary>" in more
    assert set(re.findall(r">([^<]+)</a>", more)) == {
        "Bộ tiêu chí",
        "Đơn vị",
        "Vận hành",
        "Hồ sơ giấy các năm trước",
        "Sáp nhập đơn vị",
    }
    assert len(re.findall(r"</a>", top)) == len(MENU) - 5


def test_an_officer_has_no_disclosure_to_open(commune):
    html = client_for(make_member(commune, Role.OFFICER)).get(reverse("home")).content.decode()

    assert '<details class="more">' not in html


def test_the_menu_follows_each_users_roles_and_language_though_its_html_is_kept(commune):
    officer = make_member(commune, Role.OFFICER)
    appraiser = make_member(commune, Role.APPRAISER)

    first = _menu(officer)
    assert "Thẩm định" in _menu(appraiser)
    assert _menu(officer) == first  # the appraiser's menu was not handed to the officer

    client = client_for(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="main"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", nav)[0] == "Bright spots"

    make_member(commune, Role.APPRAISER, user=officer)  # a role given: the next page has it
    assert "Thẩm định" in _menu(officer)

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.dossiers.enums import DossierStatus
from apps.notifications.models import Notification
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.decisions.factories import make_authority, make_proposed_spot
from tests.dossiers.factories import make_dossier
from tests.factories import PASSWORD, UserFactory, make_member, make_unit
from tests.kinds import BrightSpotKind
from tests.queries import page_queries

K = BrightSpotKind
S = BrightSpotStatus
VINH = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_home_shows_roles_in_vietnamese(officer, commune):
    response = client_for(officer).get(reverse("home"))

    assert response.status_code == 200
    assert "Cán bộ phụ trách" in response.content.decode()
    assert commune.name in response.content.decode()


@pytest.mark.django_db
def test_a_visitor_lands_on_the_public_front_door(client, commune, province):
    response = client.get(reverse("home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("reports:showcase")}"' in page
    assert f'action="{reverse("verify:lookup")}"' in page
    assert f'href="{reverse("login")}"' in page
    assert "0 điểm sáng đã được công nhận đang được giới thiệu công khai." in page


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
    return [str(section["todo"].label) for section in response.context["sections"]]


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


# ---------------------------------------------------------------- who acts next


def _on(year, month, day):
    """Freeze time at 09:00 in Vietnam on that day."""
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=VINH), tick=False)


def _count_link(content: str, url: str, count: int) -> bool:
    """The page links ``url`` with ``count`` as the number of things waiting."""
    link = rf'<a href="{re.escape(escape(url))}">\s*<span class="count">{count}</span>'
    return re.search(link, content) is not None


@pytest.mark.django_db
def test_officer_home_lists_what_waits_with_counts_and_links(officer, commune, cycle):
    make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ)

    with _on(2026, 3, 20):
        content = client_for(officer).get(reverse("home")).content.decode()

    drafts = f"{reverse('brightspots:list')}?status=draft&year=2026&unit={commune.pk}"
    send_page = reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026"
    assert _count_link(content, drafts, 2)
    assert _count_link(content, send_page, 1)
    assert "điểm sáng nháp cần hoàn thiện" in content
    assert "lãnh đạo đơn vị duyệt và gửi" in content
    assert "Hạn gửi danh sách đăng ký, 30/03/2026" in content
    assert "còn 10 ngày" in content


@pytest.mark.django_db
def test_officer_home_never_counts_another_communes_work(commune, other_commune, cycle):
    stranger = make_member(other_commune, Role.OFFICER)
    make_bright_spot(commune, cycle=cycle)
    make_bright_spot(commune, cycle=cycle)

    with _on(2026, 3, 20):
        response = client_for(stranger).get(reverse("home"))

    assert 'class="count"' not in response.content.decode()
    assert "Không có việc nào đang chờ bạn." in response.content.decode()


@pytest.mark.django_db
def test_board_member_home_lists_the_lists_waiting_for_the_board(
    province, commune, boards, leader, cycle
):
    member = make_member(boards["bcd_qcdc"], Role.STEERING)
    with _on(2026, 3, 20):
        spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
        registration_list_send(registration_list=spot.registration_list, by=leader)

        content = client_for(member).get(reverse("home")).content.decode()

    inbox = f"{reverse('brightspots:inbox')}?status=pending&year=2026"
    assert _count_link(content, inbox, 1)
    assert "danh sách đăng ký chờ Ban tiếp nhận" in content


@pytest.mark.django_db
def test_appraiser_home_says_who_writes_the_request_letter(personas, cycle):
    make_dossier(personas.commune, cycle=cycle, status=DossierStatus.SUBMITTED)

    with _on(2026, 10, 20):
        content = personas.client("appraiser").get(reverse("home")).content.decode()

    assert _count_link(content, f"{reverse('dossiers:queue')}?state=waiting", 1)
    assert "viết và gửi công văn đề nghị" in content


def _grow(personas, boards, cycle, numbers: range) -> None:
    """More of everything each role counts, in the own commune and in a new commune of
    the province for each of ``numbers``."""
    authority = make_authority(personas.commune)
    for n in numbers:
        unit = make_unit(f"Xã thêm {n}", parent=personas.province, code=f"G{n}")
        for target in (authority, unit):
            make_bright_spot(target, cycle=cycle, kind=K.DVK)
            make_bright_spot(target, cycle=cycle, status=S.ACKNOWLEDGED)
            for status in (DossierStatus.RETURNED, DossierStatus.SUBMITTED, DossierStatus.PASSED):
                make_dossier(target, cycle=cycle, status=status)
            make_proposed_spot(target, cycle=cycle)
            spot = make_bright_spot(target, cycle=cycle, kind=K.QCDC, status=S.REGISTERED)
            RegistrationRouting.objects.get_or_create(
                registration_list=spot.registration_list,
                kind=K.QCDC,
                defaults={"cycle": cycle, "board": boards["bcd_qcdc"], "sent_at": timezone.now()},
            )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "officer",
        "leader",
        "two_roles",
        "appraiser",
        "steering",
        "decision_maker",
        "observer",
        "admin",
    ],
)
def test_home_query_count_does_not_grow_with_the_data(personas, boards, cycle, persona):
    client = personas.client(persona)
    with _on(2026, 10, 20):
        _grow(personas, boards, cycle, range(1))
        page_queries(client, reverse("home"))  # warm the per-process caches
        small = page_queries(client, reverse("home"))

        _grow(personas, boards, cycle, range(1, 7))
        large = page_queries(client, reverse("home"))

    assert large == small


@pytest.fixture
def year_with_work(province, commune, boards):
    """This year's cycle: the commune's list sent (its spot waits for the board) and a
    dossier returned to the commune."""
    from apps.cycles.selectors import local_today

    year = local_today().year
    cycle = make_cycle(province, year)
    leader = make_member(commune, Role.LEADER, username="leader")
    make_member(commune, Role.OFFICER, username="officer")
    make_member(boards["bcd_qcdc"], Role.STEERING, username="board")
    spot = make_bright_spot(commune, cycle=cycle, name="Đối thoại định kỳ với nhân dân khối phố")
    registration_list_send(
        registration_list=spot.registration_list,
        by=leader,
        now=datetime.datetime(year, 3, 20, 9, tzinfo=VINH),
    )
    make_dossier(commune, cycle=cycle, kind=K.DVCQ, status=DossierStatus.RETURNED)
    return spot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["officer", "board"])
def test_the_home_and_the_tracker_fit_a_phone_and_pass_axe(page, year_with_work, username):
    from tests.core.test_accessibility import violations as _violations
    from tests.core.test_browser import _log_in

    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, username)
    home_width = page.evaluate("() => document.documentElement.scrollWidth")
    counts = page.locator("ul.todo .count").all_inner_texts()
    found = _violations(page)
    page.goto(page.base_url + reverse("brightspots:detail", args=[year_with_work.pk]))
    current = page.locator(".step-tracker li[aria-current=step]")
    found += _violations(page)

    assert home_width <= 390
    assert counts != []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert current.count() == 1
    assert current.bounding_box()["width"] <= 390
    assert found == []

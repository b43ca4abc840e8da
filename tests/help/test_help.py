"""The help page: each role's steps of the year with the province's own dates, and
whom to ask; the support contact kept by the province's administrators."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.cycles.models import ProcessRules
from apps.help.models import SupportContact
from tests.access import PERSONAS, check_access
from tests.brightspots.factories import make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def test_help_page_access(personas):
    check_access(personas, "get", reverse("help:page"), allowed=set(PERSONAS))


def test_contact_page_access(personas):
    url = reverse("help:contact_edit", args=[personas.province.pk])
    check_access(personas, "get", url, allowed={"admin"})


def test_contact_save_access(personas):
    def saved(_obj, user, response):
        contact = SupportContact.objects.get(province=personas.province)
        assert contact.office == "Văn phòng Ban Dân vận"
        assert AuditEvent.objects.filter(action="support_contact", actor=user).exists()

    check_access(
        personas,
        "post",
        reverse("help:contact_edit", args=[personas.province.pk]),
        allowed={"admin"},
        allowed_status=302,
        data={"office": "Văn phòng Ban Dân vận", "phone": "0238 3844 123"},
        effect=saved,
    )


def _page(user) -> str:
    return client_for(user).get(reverse("help:page")).content.decode()


def test_an_officer_reads_the_steps_with_the_provinces_own_dates(province, commune):
    cycle = make_cycle(province, 2026)
    officer = make_member(commune, Role.OFFICER)

    page = _page(officer)
    cycle.registration_deadline = datetime.date(2026, 4, 10)
    cycle.save()
    moved = _page(officer)

    assert "Cán bộ phụ trách" in page and commune.name in page
    assert "Dự thảo các điểm sáng của đơn vị trong năm" in page
    assert "30/03/2026" in page and "30/03/2026" not in moved and "10/04/2026" in moved
    assert "15/06/2026" in page  # the mid-year update, which Nghệ An asks for
    assert "Cập nhật tiến độ của từng điểm sáng giữa năm" in page
    assert "Cán bộ thẩm định" not in page  # no role the officer does not hold


def test_a_province_that_asks_no_progress_update_shows_no_such_step(province, commune):
    make_cycle(province, 2026)
    ProcessRules.objects.update_or_create(province=province, defaults={"progress_update": False})

    page = _page(make_member(commune, Role.OFFICER))

    assert "15/06/2026" not in page
    assert "Cập nhật tiến độ của từng điểm sáng giữa năm" not in page


def test_someone_with_two_roles_reads_both(province, commune):
    make_cycle(province, 2026)
    user = make_member(commune, Role.LEADER)
    make_member(province, Role.APPRAISER, user=user)

    page = _page(user)

    assert "Lãnh đạo đơn vị" in page and "Cán bộ thẩm định" in page
    assert page.index("Lãnh đạo đơn vị") < page.index("Cán bộ thẩm định")


def test_the_contact_is_shown_to_the_provinces_people_and_to_visitors(
    province, commune, other_province
):
    SupportContact.objects.create(province=province, office="Văn phòng BDV", phone="0238 1")
    other = make_member(make_unit("Xã khác", parent=other_province), Role.OFFICER)
    admin = make_member(province, Role.ADMIN)

    own = _page(make_member(commune, Role.OFFICER))
    theirs = _page(other)
    visitor = Client().get(reverse("help:page")).content.decode()

    assert "Văn phòng BDV" in own and "0238 1" in own
    assert "Văn phòng BDV" not in theirs
    assert "Văn phòng BDV" in visitor and province.name in visitor
    assert reverse("help:contact_edit", args=[province.pk]) in _page(admin)
    assert reverse("help:contact_edit", args=[province.pk]) not in own


def test_another_provinces_administrator_cannot_change_the_contact(province, other_province):
    outsider = make_member(other_province, Role.ADMIN)
    url = reverse("help:contact_edit", args=[province.pk])

    response = client_for(outsider).post(url, {"office": "Giả mạo"})

    assert response.status_code == 404
    assert not SupportContact.objects.exists()


def test_a_contact_without_an_office_keeps_what_was_typed(province):
    admin = make_member(province, Role.ADMIN)
    url = reverse("help:contact_edit", args=[province.pk])

    response = client_for(admin).post(url, {"office": "", "phone": "0238 9"})

    assert response.status_code == 200
    assert 'value="0238 9"' in response.content.decode()
    assert not SupportContact.objects.exists()


def test_the_help_page_is_linked_from_every_page(commune):
    for client in (Client(), client_for(make_member(commune, Role.OFFICER))):
        home = client.get(reverse("home")).content.decode()
        assert f'href="{reverse("help:page")}"' in home


def test_the_help_page_costs_the_same_with_more_roles(province, commune, other_province):
    make_cycle(province, 2026)
    make_cycle(other_province, 2026)
    user = make_member(commune, Role.OFFICER)
    client = client_for(user)
    url = reverse("help:page")
    one = page_queries(client, url, {})

    for role in (Role.APPRAISER, Role.STEERING, Role.OBSERVER):
        make_member(province, role, user=user)
    make_member(other_province, Role.ADMIN, user=user)
    SupportContact.objects.create(province=other_province, office="VP")

    assert page_queries(client, url, {}) == one

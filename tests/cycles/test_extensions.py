"""Deadline extensions as an administrator grants them: several deadlines of one unit
in one submit, the unit kept for the next grant, the grants in the cycle's history,
the unit's staff told (issue 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from apps.accounts.enums import Role
from apps.core.selectors import audit_history
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import DeadlineExtension
from apps.cycles.permissions import extensions_visible_to
from apps.cycles.selectors import cycle_history
from apps.cycles.services import deadline_extend
from apps.notifications.models import Notification, OutboxEmail
from tests.conftest import client_for
from tests.cycles.factories import make_cycle
from tests.factories import make_member
from tests.queries import page_queries

D = datetime.date


def _grant(cycle, unit, by, **dates):
    return deadline_extend(
        cycle=cycle, unit=unit, dates=dates, reason="Sáp nhập đơn vị hành chính", by=by
    )


# ---------------------------------------------------------------- several deadlines at once


@pytest.mark.django_db
def test_extend_form_grants_two_deadlines_each_with_its_own_date(province_admin, province, commune):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration", "progress"],
            "new_date_registration": "05/04/2026",
            "new_date_progress": "30/06/2026",
            "reason": "Sáp nhập",
        },
    )

    granted = DeadlineExtension.objects.filter(cycle=cycle, unit=commune)
    assert response.status_code == 302
    assert dict(granted.values_list("deadline", "new_date")) == {
        "registration": D(2026, 4, 5),
        "progress": D(2026, 6, 30),
    }
    assert [audit_history(target=e).get().action for e in granted] == ["deadline_extend"] * 2


@pytest.mark.django_db
def test_extend_form_one_date_for_every_ticked_deadline(province_admin, province, commune):
    cycle = make_cycle(province, 2026)

    client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration", "progress"],
            "new_date": "30/06/2026",
            "reason": "Lũ lụt",
        },
    )

    assert sorted(DeadlineExtension.objects.values_list("deadline", "new_date")) == [
        ("progress", D(2026, 6, 30)),
        ("registration", D(2026, 6, 30)),
    ]


@pytest.mark.django_db
def test_extend_form_asks_a_date_for_each_ticked_deadline_and_a_tick_for_each_date(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration"],
            "new_date_review_report": "10/12/2026",
            "reason": "x",
        },
    )

    errors = response.context["form"].errors
    assert errors["new_date_registration"] == [
        "Bạn hãy nhập ngày gia hạn, hoặc một ngày chung cho mọi hạn đã chọn."
    ]
    assert errors["new_date_review_report"] == ["Bạn hãy chọn hạn này, hoặc xóa ngày đã nhập."]
    assert not DeadlineExtension.objects.exists()


@pytest.mark.django_db
def test_deadline_extend_is_all_or_nothing(province_admin, province, commune, leader):
    cycle = make_cycle(province, 2026)

    with pytest.raises(ValidationError) as refused:
        _grant(
            cycle,
            commune,
            province_admin,
            registration=D(2026, 4, 5),
            progress=D(2026, 6, 1),  # before the year's 15/06
        )

    assert list(refused.value.message_dict) == ["new_date_progress"]
    assert not DeadlineExtension.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_extend_form_shows_a_refused_date_beside_its_deadline_and_keeps_the_rest(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration", "progress"],
            "new_date_registration": "05/04/2026",
            "new_date_progress": "01/06/2026",
            "reason": "Sáp nhập",
        },
    )

    form = response.context["form"]
    assert form.errors["new_date_progress"] == [
        "Ngày gia hạn phải sau hạn chung của năm (15/06/2026)."
    ]
    assert "new_date_registration" not in form.errors
    assert form.data.getlist("deadlines") == ["registration", "progress"]
    assert not DeadlineExtension.objects.exists()


# ---------------------------------------------------------------- the unit is kept


@pytest.mark.django_db
def test_after_a_grant_the_cycle_page_offers_another_deadline_for_the_same_unit(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)
    url = reverse("cycles:extend", args=[cycle.pk])
    client = client_for(province_admin)

    granted = client.post(
        f"{url}?{urlencode({'q': 'vinh phu'})}",
        {
            "unit": commune.pk,
            "deadlines": ["registration"],
            "new_date": "05/04/2026",
            "reason": "x",
        },
        follow=True,
    )
    again = granted.context["extend_again"]
    form_page = client.get(again["url"])

    assert again["unit"] == commune
    assert again["url"] == f"{url}?{urlencode({'unit': commune.pk, 'q': 'vinh phu'})}"
    assert "Gia hạn thêm hạn khác cho Phường Vinh Phú" in granted.content.decode()
    assert form_page.context["form"]["unit"].value() == commune.pk
    assert form_page.context["unit_search"] == "vinh phu"


@pytest.mark.django_db
def test_extend_again_is_not_offered_for_a_unit_out_of_the_admins_reach(
    province, commune, other_commune
):
    cycle = make_cycle(province, 2026)
    commune_admin = make_member(commune, Role.ADMIN)

    response = client_for(commune_admin).get(
        cycle.get_absolute_url(), {"extended": other_commune.pk}
    )

    assert response.context["extend_again"] is None


@pytest.mark.django_db
def test_the_chosen_unit_stays_selected_when_the_form_comes_back_with_errors(
    province_admin, province, commune
):
    """Even when the search in the address no longer lists it."""
    cycle = make_cycle(province, 2026)
    url = reverse("cycles:extend", args=[cycle.pk])

    response = client_for(province_admin).post(
        f"{url}?q=khong+co+don+vi+nay",
        {"unit": commune.pk, "deadlines": ["registration"], "reason": "x"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{commune.pk}" selected>' in html


# ---------------------------------------------------------------- in the cycle's history


@pytest.mark.django_db
def test_cycle_history_lists_each_extension_granted(province_admin, province, commune):
    cycle = make_cycle(province, 2026)
    _grant(cycle, commune, province_admin, registration=D(2026, 4, 5), progress=D(2026, 6, 30))

    rows = cycle_history(cycle=cycle, extensions=DeadlineExtension.objects.all())

    assert sorted(
        (r["extension"]["unit"], str(r["extension"]["deadline"]), r["extension"]["to"])
        for r in rows
    ) == [
        ("Phường Vinh Phú", "Cập nhật tiến độ 6 tháng", "30/06/2026"),
        ("Phường Vinh Phú", "Gửi danh sách đăng ký", "05/04/2026"),
    ]
    assert {(r["event"].actor, r["event"].comment) for r in rows} == {
        (province_admin, "Sáp nhập đơn vị hành chính")
    }


@pytest.mark.django_db
def test_cycle_page_history_shows_the_grant_with_unit_deadline_date_reason_and_who(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)
    _grant(cycle, commune, province_admin, registration=D(2026, 4, 5))

    html = client_for(province_admin).get(cycle.get_absolute_url()).content.decode()
    history = html.split("<h2>Lịch sử</h2>")[1]

    assert "gia hạn cho Phường Vinh Phú" in history
    assert "Gửi danh sách đăng ký: 30/03/2026 → 05/04/2026" in history
    assert "Sáp nhập đơn vị hành chính" in history
    assert str(province_admin) in history


@pytest.mark.django_db
def test_cycle_history_shows_only_the_grants_the_reader_may_see(
    province_admin, province, commune, other_commune
):
    cycle = make_cycle(province, 2026)
    _grant(cycle, commune, province_admin, registration=D(2026, 4, 5))
    _grant(cycle, other_commune, province_admin, registration=D(2026, 4, 9))
    neighbour = make_member(other_commune, Role.OFFICER)

    rows = cycle_history(cycle=cycle, extensions=extensions_visible_to(cycle=cycle, user=neighbour))

    assert [r["extension"]["to"] for r in rows] == ["09/04/2026"]


@pytest.mark.django_db
def test_cycle_history_costs_the_same_queries_with_one_or_three_grants(
    province_admin, province, commune, other_commune
):
    cycle = make_cycle(province, 2026)
    client = client_for(province_admin)
    page_queries(client, cycle.get_absolute_url())  # the session and content types, once
    _grant(cycle, commune, province_admin, registration=D(2026, 4, 5))
    one = page_queries(client, cycle.get_absolute_url())
    _grant(cycle, other_commune, province_admin, registration=D(2026, 4, 9), progress=D(2026, 7, 1))
    three = page_queries(client, cycle.get_absolute_url())

    with CaptureQueriesContext(connection) as captured:
        cycle_history(cycle=cycle, extensions=DeadlineExtension.objects.all())

    assert one == three
    assert len(captured) == 1


# ---------------------------------------------------------------- the unit is told


@pytest.mark.django_db
def test_the_units_leader_and_officers_are_told_each_deadline_and_its_new_date(
    province_admin, province, commune, other_commune, leader, officer
):
    cycle = make_cycle(province, 2026)
    make_member(other_commune, Role.OFFICER, email="neighbour@example.vn")
    make_member(province, Role.STEERING, email="bcd@example.vn")

    _grant(cycle, commune, province_admin, registration=D(2026, 4, 5), progress=D(2026, 6, 30))

    told = Notification.objects.order_by("user_id")
    assert {n.user for n in told} == {officer, leader}
    assert told[0].url == cycle.get_absolute_url()
    assert told[0].message == (
        "Năm 2026: Phường Vinh Phú được gia hạn — Gửi danh sách đăng ký đến hết ngày "
        "05/04/2026; Cập nhật tiến độ 6 tháng đến hết ngày 30/06/2026"
    )
    emails = OutboxEmail.objects.order_by("to")
    assert sorted(e.to for e in emails) == sorted([officer.email, leader.email])
    body = emails[0].body_text
    assert "Gửi danh sách đăng ký: đến hết ngày 05/04/2026" in body
    assert "Cập nhật tiến độ 6 tháng: đến hết ngày 30/06/2026" in body
    assert "Sáp nhập đơn vị hành chính" in body


@pytest.mark.django_db
def test_a_grant_through_the_admin_tells_the_unit_too(province_admin, province, commune, leader):
    cycle = make_cycle(province, 2026)

    client_for(province_admin).post(
        reverse("admin:cycles_deadlineextension_add"),
        {
            "cycle": cycle.pk,
            "unit": commune.pk,
            "deadline": DeadlineKind.REVIEW_REPORT,
            "new_date": "10/12/2026",
            "reason": "Sáp nhập",
        },
    )

    assert Notification.objects.get().user == leader
    assert "Báo cáo sơ kết năm đến hết ngày 10/12/2026" in OutboxEmail.objects.get().subject

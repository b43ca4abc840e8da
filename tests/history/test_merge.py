"""Two communes merged into one: work, history and people follow, audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.models import Membership
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.core.models import AuditEvent
from apps.units.merge import merge_suggestions, units_merge
from apps.units.models import Unit
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def old_communes(province):
    return [
        make_unit("Phường Nghi Phú", parent=province, code="OLD-16702"),
        make_unit("Xã Nghi Ân", parent=province, code="OLD-17914"),
    ]


@pytest.fixture
def new_commune(commune):
    return commune  # Phường Vinh Phú, W16702


def test_after_a_merge_the_new_communes_officer_sees_both_communes_spots(
    province, old_communes, new_commune, province_admin
):
    past = make_cycle(province, 2024)
    history = make_bright_spot(
        old_communes[0], cycle=past, status=BrightSpotStatus.RECOGNISED, name="Năm 2024"
    )
    under_way = make_bright_spot(
        old_communes[1], status=BrightSpotStatus.ACKNOWLEDGED, name="Đang làm"
    )
    old_officer = make_member(old_communes[1], Role.OFFICER, username="old_officer")
    new_officer = make_member(new_commune, Role.OFFICER, username="new_officer")

    units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)

    seen = BrightSpot.objects.visible_to(new_officer).values_list("name", flat=True)
    assert sorted(seen) == ["Năm 2024", "Đang làm"]
    history.refresh_from_db()
    under_way.refresh_from_db()
    assert (history.unit_id, under_way.unit_id) == (old_communes[0].pk, new_commune.pk)
    old = Unit.objects.filter(pk__in=[u.pk for u in old_communes])
    assert {(u.is_active, u.merged_into_id, u.path[:-4]) for u in old} == {
        (False, new_commune.pk, Unit.objects.get(pk=new_commune.pk).path)
    }
    assert list(Membership.objects.filter(user=old_officer).values_list("unit_id", flat=True)) == [
        new_commune.pk
    ]


def test_the_audit_rows_name_the_merge(province, old_communes, new_commune, province_admin):
    spot = make_bright_spot(old_communes[0], status=BrightSpotStatus.REGISTERED)

    units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)

    rows = AuditEvent.objects.filter(action="unit_merge")
    objects = sorted((row.content_type.model, row.object_id) for row in rows)
    assert objects == sorted(
        [("unit", str(u.pk)) for u in [*old_communes, new_commune]] + [("brightspot", str(spot.pk))]
    )
    assert {row.comment for row in rows} == {
        "Phường Nghi Phú, Xã Nghi Ân sáp nhập vào Phường Vinh Phú"
    }
    assert {row.actor for row in rows} == {province_admin}


def test_a_second_merge_of_the_same_units_is_refused(
    province, old_communes, new_commune, province_admin
):
    units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)

    with pytest.raises(ValidationError) as refused:
        units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)

    assert refused.value.messages == [
        "Phường Nghi Phú không còn hoạt động.",
        "Xã Nghi Ân không còn hoạt động.",
    ]


def test_the_page_previews_then_merges(province, old_communes, new_commune, province_admin):
    client = client_for(province_admin)
    data = {"target": new_commune.pk, "sources": [u.pk for u in old_communes], "confirm": "on"}

    preview = client.post(reverse("history:merge"), data)
    other_choice = client.post(
        reverse("history:merge"), {**data, "previewed": f"{new_commune.pk}:{old_communes[0].pk}"}
    )
    merged_before_a_matching_preview = Unit.objects.filter(merged_into=new_commune).count()
    merged = client.post(
        reverse("history:merge"), {**data, "previewed": preview.context["previewed"]}
    )

    assert (preview.status_code, other_choice.status_code) == (200, 200)
    assert merged_before_a_matching_preview == 0
    assert "Xem trước việc sáp nhập" not in preview.content.decode()
    assert merged.status_code == 302
    assert Unit.objects.filter(merged_into=new_commune).count() == 2


def test_the_map_suggests_the_old_wards_of_a_new_one(province, old_communes, new_commune):
    suggestions = merge_suggestions(province)

    assert [(s.target, list(s.sources)) for s in suggestions] == [(new_commune, old_communes)]


def test_the_merge_page_costs_the_same_queries_for_one_or_three_suggestions(
    province, new_commune, province_admin
):
    client = client_for(province_admin)
    make_unit("Phường Nghi Phú", parent=province, code="OLD-16702")
    one = page_queries(client, reverse("history:merge"))
    make_unit("Xã Nghi Ân", parent=province, code="OLD-17914")
    make_unit("Phường Nghi Đức", parent=province, code="OLD-17923")
    make_unit("Xã Nghi Hợp", parent=province, code="OLD-2")

    three = page_queries(client, reverse("history:merge"))

    assert one == three


def test_the_command_previews_and_merges(province, old_communes, new_commune, province_admin):
    from io import StringIO

    from django.core.management import call_command

    codes = [u.code for u in old_communes]
    out = StringIO()
    call_command("merge_units", *codes, into="W16702", dry_run=True, stdout=out)
    assert Unit.objects.filter(merged_into=new_commune).count() == 0

    call_command("merge_units", *codes, into="W16702", by="padmin", stdout=out)

    assert Unit.objects.filter(merged_into=new_commune).count() == 2


def test_the_new_unit_shows_the_old_ones_and_their_history_by_name(
    province, old_communes, new_commune, province_admin
):
    history = make_bright_spot(
        old_communes[0],
        cycle=make_cycle(province, 2024),
        status=BrightSpotStatus.RECOGNISED,
        name="Năm 2024",
    )
    units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)
    client = client_for(make_member(new_commune, Role.OFFICER, username="new_officer"))

    unit_page = client.get(new_commune.get_absolute_url()).content.decode()
    spot_page = client.get(history.get_absolute_url())

    assert unit_page.count("đã sáp nhập vào đơn vị này") == 2
    assert "Phường Nghi Phú" in unit_page
    assert (spot_page.status_code, "Phường Nghi Phú" in spot_page.content.decode()) == (200, True)


def test_a_sent_list_moves_with_its_spots_unless_the_new_unit_has_one(
    province, old_communes, new_commune, province_admin
):
    from apps.brightspots.models import RegistrationList

    moving = make_bright_spot(old_communes[0], status=BrightSpotStatus.REGISTERED)
    staying = make_bright_spot(
        old_communes[1], cycle=make_cycle(province, 2025), status=BrightSpotStatus.REGISTERED
    )
    make_bright_spot(new_commune, cycle=make_cycle(province, 2025))

    plan = units_merge(target=new_commune, sources=old_communes, by=province_admin, now=NOW)

    lists = RegistrationList.objects.filter(
        pk__in=[moving.registration_list_id, staying.registration_list_id]
    )
    assert sorted((each.cycle.year, each.unit_id) for each in lists) == [
        (2025, old_communes[1].pk),
        (2026, new_commune.pk),
    ]
    assert (plan.lists_moving, [each.unit for each in plan.lists_staying]) == (
        1,
        [old_communes[1]],
    )

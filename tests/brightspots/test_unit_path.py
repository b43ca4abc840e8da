"""A spot's ``unit_path`` (the order of a year's list) is its unit's path, kept by the
database through every way a spot is made or a unit moves."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.units.merge import units_merge
from apps.units.models import Unit
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC)


def _paths():
    """Each spot's kept path beside its unit's path, read from the database."""
    return {
        spot.name: (spot.unit_path, spot.unit.path)
        for spot in BrightSpot.objects.select_related("unit")
    }


def test_a_spot_made_one_by_one_or_in_bulk_carries_its_units_path(province, commune, cycle):
    first = make_bright_spot(commune, cycle=cycle, name="Một")
    other = make_unit("Xã Nghi Ân", parent=province)
    BrightSpot.objects.bulk_create(
        [
            BrightSpot(
                unit=other,
                cycle=cycle,
                kind=first.kind,
                name="Hàng loạt",
                address="Xóm 1",
                created_by=first.created_by,
                criteria_set=first.criteria_set,
            )
        ]
    )

    paths = _paths()

    assert paths["Một"] == (commune.path, commune.path)
    assert paths["Hàng loạt"] == (other.path, other.path)


def test_a_saved_spot_keeps_the_path_whatever_the_object_held(commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, name="Một")
    spot.unit_path = "stale"

    spot.save()

    assert _paths()["Một"] == (commune.path, commune.path)


def test_a_merge_moves_the_paths_of_the_spots_that_stay_and_of_those_that_move(
    province, commune, province_admin
):
    old = [make_unit("Phường Nghi Phú", parent=province), make_unit("Xã Nghi Ân", parent=province)]
    history = make_bright_spot(
        old[0], cycle=make_cycle(province, 2024), status=BrightSpotStatus.RECOGNISED, name="Cũ"
    )
    under_way = make_bright_spot(old[1], status=BrightSpotStatus.ACKNOWLEDGED, name="Đang làm")
    before = history.unit.path

    units_merge(target=commune, sources=old, by=province_admin, now=NOW)

    paths = _paths()
    assert paths["Cũ"][0] == paths["Cũ"][1] != before  # moved with its unit, under the new one
    assert paths["Cũ"][0].startswith(Unit.objects.get(pk=commune.pk).path)
    assert paths["Đang làm"] == (commune.path, commune.path)  # now the new unit's spot
    assert under_way.pk in BrightSpot.objects.filter(unit_path=commune.path).values_list(
        "pk", flat=True
    )


def test_the_years_list_is_in_tree_order_after_a_unit_moves(province, cycle):
    steering = make_member(province, Role.STEERING)
    cluster_a = make_unit("Cụm A", parent=province)
    cluster_b = make_unit("Cụm B", parent=province)
    moving = make_unit("Xã Đi", parent=cluster_a)
    make_bright_spot(moving, cycle=cycle, name="Đi")
    make_bright_spot(make_unit("Xã A1", parent=cluster_a), cycle=cycle, name="A1")
    make_bright_spot(make_unit("Xã B1", parent=cluster_b), cycle=cycle, name="B1")
    url = reverse("brightspots:list") + "?year=2026"

    before = [s.name for s in client_for(steering).get(url).context["page"]]
    Unit.objects.get(pk=moving.pk).move(Unit.objects.get(pk=cluster_b.pk), "last-child")
    after = [s.name for s in client_for(steering).get(url).context["page"]]

    assert before == ["Đi", "A1", "B1"]
    assert after == ["A1", "B1", "Đi"]

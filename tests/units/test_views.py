import pytest
from django.urls import reverse

from apps.core.pagination import PAGE_SIZE
from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit
from apps.units.services import unit_append
from tests.conftest import client_for


def _add_communes(province, count: int) -> None:
    for n in range(count):
        unit = Unit(name=f"Xã Số {n}", code=f"T{n:05d}", kind=UnitKind.COMMUNE)
        unit.level = UnitLevel.COMMUNE
        unit_append(unit=unit, parent=province)
    province.refresh_from_db()


def _names(response) -> list[str]:
    return [unit.name for unit in response.context["page"]]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_unit_list_query_count_does_not_grow(
    size, province, province_admin, django_assert_max_num_queries
):
    _add_communes(province, size)
    client = client_for(province_admin)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("units:list"))

    assert response.status_code == 200
    assert len(response.context["page"]) == min(size + 1, PAGE_SIZE)


@pytest.mark.django_db
def test_unit_list_finds_names_without_diacritics(province, commune, other_commune, officer):
    response = client_for(officer).get(reverse("units:list"), {"q": "vinh phu"})

    assert _names(response) == ["Phường Vinh Phú"]


@pytest.mark.django_db
def test_unit_list_finds_a_code(province, commune, province_admin):
    response = client_for(province_admin).get(reverse("units:list"), {"q": commune.code.lower()})

    assert _names(response) == [commune.name]


@pytest.mark.django_db
def test_unit_list_filters_by_kind_and_names_the_parent(province, commune, boards, province_admin):
    response = client_for(province_admin).get(reverse("units:list"), {"kind": UnitKind.BOARD})

    assert sorted(_names(response)) == sorted(board.name for board in boards.values())
    assert {unit.parent_name for unit in response.context["page"]} == {province.name}


@pytest.mark.django_db
def test_unit_list_shows_only_the_users_reach(province, commune, other_commune, officer):
    response = client_for(officer).get(reverse("units:list"))

    assert _names(response) == [commune.name]


@pytest.mark.django_db
def test_unit_list_paginates(province, province_admin):
    _add_communes(province, 30)  # 31 units with the province

    first = client_for(province_admin).get(reverse("units:list"))
    second = client_for(province_admin).get(reverse("units:list"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 6


@pytest.mark.django_db
def test_unit_list_within_a_subtree_ignores_units_out_of_reach(
    province, commune, other_province, officer
):
    inside = client_for(officer).get(reverse("units:list"), {"within": commune.pk})
    outside = client_for(officer).get(reverse("units:list"), {"within": other_province.pk})

    assert _names(inside) == [commune.name]
    assert inside.context["within"] == commune
    assert outside.context["within"] is None
    assert _names(outside) == [commune.name]


@pytest.mark.django_db
def test_unit_detail_links_to_the_full_list_of_many_children(province, province_admin):
    _add_communes(province, 201)

    response = client_for(province_admin).get(reverse("units:detail", args=[province.pk]))

    assert len(response.context["children"]) == 200
    assert f"?within={province.pk}" in response.content.decode()

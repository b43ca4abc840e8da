"""The unit tree's reads of "cùng cấp": which authority recognises a unit, the boards of
an authority, and the units in an authority's level."""

import unicodedata

import pytest

from apps.core.folding import fold
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit
from apps.units.querysets import in_level_q
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(province, commune, other_commune, boards):
    """Nghệ An as the agencies fixture places it: the province recognises, its boards
    under it; Sở Nội vụ (a department that is also a board) recognises its own subunit;
    one commune recognises itself."""
    department = make_unit(
        "Sở Nội vụ",
        parent=province,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.HOME_AFFAIRS,
        code="SNV2",
        is_recognising_authority=True,
    )
    subunit = make_unit(
        "Ban Thi đua – Khen thưởng", parent=department, kind=UnitKind.SUBUNIT, level="unit"
    )
    for unit in (province, other_commune):
        unit.is_recognising_authority = True
        unit.save(update_fields=["is_recognising_authority"])
    return {
        "province": province,
        "commune": commune,
        "self_recognising": other_commune,
        "department": department,
        "subunit": subunit,
        **boards,
    }


@pytest.mark.parametrize(
    ("unit", "authority"),
    [
        ("commune", "province"),
        ("self_recognising", "self_recognising"),
        ("subunit", "department"),
        ("department", "department"),
        ("ban_dan_van", "province"),
    ],
)
def test_authority_of_is_the_unit_itself_or_its_nearest_recognising_ancestor(tree, unit, authority):
    found = Unit.objects.authority_of(tree[unit])

    assert found == tree[authority]


def test_authority_of_is_none_when_no_unit_on_the_path_recognises(commune):
    assert Unit.objects.authority_of(commune) is None


def test_authority_of_skips_an_inactive_authority(tree):
    tree["department"].is_active = False
    tree["department"].save(update_fields=["is_active"])

    assert Unit.objects.authority_of(tree["subunit"]) == tree["province"]


def test_the_boards_of_the_province_are_the_units_of_that_function_under_it(tree):
    mass_mobilisation = Unit.objects.boards_of(tree["province"], [BoardFunction.MASS_MOBILISATION])
    steering = Unit.objects.boards_of(
        tree["province"], [BoardFunction.QCDC_STEERING, BoardFunction.DVCQ_STEERING]
    )

    assert list(mass_mobilisation) == [tree["ban_dan_van"]]
    assert list(steering) == [tree["bcd_qcdc"], tree["bcd_dvcq"]]


def test_a_provincial_board_is_not_a_board_of_a_commune_or_a_department(tree):
    functions = [BoardFunction.MASS_MOBILISATION]

    assert list(Unit.objects.boards_of(tree["self_recognising"], functions)) == []
    assert list(Unit.objects.boards_of(tree["department"], functions)) == []


def test_a_department_that_is_also_a_board_counts_by_its_function(tree):
    home_affairs = Unit.objects.boards_of(tree["province"], [BoardFunction.HOME_AFFAIRS])

    assert set(home_affairs) == {tree["noi_vu"], tree["department"]}


def test_the_level_of_an_authority_stops_at_the_authorities_below_it(tree):
    level = set(Unit.objects.filter(in_level_q(tree["province"], unit_field="")))

    assert tree["commune"] in level and tree["ban_dan_van"] in level
    assert not level & {tree["self_recognising"], tree["department"], tree["subunit"]}
    assert set(Unit.objects.filter(in_level_q(tree["department"], unit_field=""))) == {
        tree["department"],
        tree["subunit"],
    }


@pytest.mark.parametrize(
    "name",
    [
        "Phường Đông Vĩnh",
        "XÃ NGHI PHÚ",
        "Ủy ban nhân dân huyện Quỳnh Lưu",
        unicodedata.normalize("NFD", "Thị trấn Hưng Nguyên"),  # typed decomposed
    ],
)
def test_the_folded_name_is_the_name_as_search_folds_it(province, name):
    unit = make_unit(name, parent=province)

    unit.refresh_from_db()
    assert unit.search_name == fold(name)

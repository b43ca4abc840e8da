import pytest
import vietnam_provinces
from django.core.management import CommandError, call_command
from django.db import connection
from vietnam_provinces import ProvinceCode, Ward

from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit
from apps.units.services import admin_units_import
from tests.factories import make_unit

NGHE_AN_WARDS = len(list(Ward.iter_by_province(ProvinceCode.P_40)))


def _no_tree_problems() -> bool:
    return all(problems == [] for problems in Unit.objects.find_problems())


@pytest.mark.django_db
def test_import_admin_units_loads_one_province_from_the_package():
    call_command("import_admin_units", "--province", "40", stdout=None)

    province = Unit.objects.get(code="P40")
    ward = Unit.objects.get(code="W16702")
    assert (province.name, province.kind, province.level) == (
        "Tỉnh Nghệ An",
        UnitKind.PROVINCE,
        UnitLevel.PROVINCE,
    )
    assert province.is_recognising_authority is True
    assert (ward.name, ward.kind, ward.level) == (
        "Phường Vinh Phú",
        UnitKind.COMMUNE,
        UnitLevel.COMMUNE,
    )
    assert ward.is_recognising_authority is True
    assert ward.is_child_of(province)
    assert Unit.objects.subtree_of(province).count() == NGHE_AN_WARDS + 1 == 131
    assert Unit.objects.count() == 131
    assert _no_tree_problems()


@pytest.mark.django_db
def test_import_admin_units_rerun_changes_no_count_and_restores_names():
    admin_units_import(province_code=40)
    paths = dict(Unit.objects.values_list("code", "path"))
    Unit.objects.filter(code="W16702").update(name="Phường Cũ")

    summary = admin_units_import(province_code=40)

    assert (summary.created, summary.renamed) == (0, 1)
    assert Unit.objects.get(code="W16702").name == "Phường Vinh Phú"
    assert dict(Unit.objects.values_list("code", "path")) == paths
    assert _no_tree_problems()


@pytest.mark.django_db
def test_import_admin_units_keeps_existing_children_and_appends_after_them():
    province = make_unit("Nghệ An (cũ)", code="P40")
    department = make_unit("Sở Y tế", parent=province, kind=UnitKind.DEPARTMENT, code="P40-SYT")

    admin_units_import(province_code=40)

    province.refresh_from_db()
    department.refresh_from_db()
    assert province.name == "Tỉnh Nghệ An"
    assert province.numchild == NGHE_AN_WARDS + 1
    assert department.is_child_of(province)
    assert Unit.objects.filter(code__startswith="W", path__lt=department.path).count() == 0
    assert _no_tree_problems()


@pytest.mark.django_db
def test_import_admin_units_loads_the_whole_map():
    summary = admin_units_import()

    assert (summary.provinces, summary.communes, summary.created) == (34, 3321, 3355)
    assert Unit.objects.filter(kind=UnitKind.PROVINCE, depth=1).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, depth=2).count() == 3321
    assert (
        Unit.objects.get(code="P01").numchild
        == Unit.objects.filter(path__startswith=Unit.objects.get(code="P01").path, depth=2).count()
    )


@pytest.mark.django_db
def test_import_admin_units_refuses_the_draft_package(monkeypatch):
    monkeypatch.setattr(vietnam_provinces, "__version__", "2025.10.1")

    with pytest.raises(CommandError, match=r"2026\.9\.0"):
        call_command("import_admin_units", "--province", "40")

    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_import_admin_units_refuses_an_unknown_province():
    with pytest.raises(CommandError, match="99"):
        call_command("import_admin_units", "--province", "99")

    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_unit_subtree_is_one_indexed_query(django_assert_num_queries):
    admin_units_import()
    province = Unit.objects.get(code="P40")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_unit")

    with django_assert_num_queries(1):
        units = list(Unit.objects.subtree_of(province))

    assert len(units) == NGHE_AN_WARDS + 1
    sql, params = Unit.objects.subtree_of(province).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Cond" in plan
    assert "~>=~" in plan  # the path prefix is an index range, not a filter over every row

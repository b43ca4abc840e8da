import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.enums import Role
from apps.units.enums import UnitKind
from apps.units.models import Unit
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.units.test_resources import BAN_DAN_VAN, SO_Y_TE, csv_bytes

CSV_FORMAT = "0"  # position of CSV in UnitAdmin.import_formats


def _upload(client, data: bytes):
    return client.post(
        reverse("admin:units_unit_import"),
        {"format": CSV_FORMAT, "import_file": SimpleUploadedFile("units.csv", data)},
    )


@pytest.mark.django_db
def test_admin_import_inside_the_subtree_is_confirmed_then_written(province, province_admin):
    client = client_for(province_admin)

    preview = _upload(client, csv_bytes(BAN_DAN_VAN, SO_Y_TE))
    confirm = preview.context["confirm_form"]
    assert not Unit.objects.filter(code="P40-BDV").exists()
    response = client.post(reverse("admin:units_unit_process_import"), confirm.initial)

    assert response.status_code == 302
    assert Unit.objects.get(code="P40-BDV").is_child_of(province)
    assert Unit.objects.get(code="P40-SYT").is_child_of(province)


@pytest.mark.django_db
def test_admin_import_refuses_rows_outside_the_subtree(province, other_province, province_admin):
    elsewhere = ["P42-BDV", "P42", "Ban Dân vận Hà Tĩnh", "board", "province", "", "", "0"]

    response = _upload(client_for(province_admin), csv_bytes(BAN_DAN_VAN, elsewhere))

    body = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "Một số dòng không hợp lệ" in body
    assert "Không có đơn vị mã P42 trong các đơn vị bạn quản trị." in body
    assert not Unit.objects.filter(code__in=["P40-BDV", "P42-BDV"]).exists()


@pytest.mark.django_db
def test_admin_import_refuses_a_file_over_the_byte_cap(settings, province, province_admin):
    settings.IMPORT_MAX_BYTES = 50

    response = _upload(client_for(province_admin), csv_bytes(BAN_DAN_VAN, SO_Y_TE))

    assert response.context["form"].errors["import_file"] == [
        "Tệp lớn hơn 50\xa0byte; hãy chia thành các tệp nhỏ hơn."
    ]


@pytest.mark.django_db
def test_admin_import_refuses_a_file_over_the_row_cap(settings, province, province_admin):
    settings.IMPORT_MAX_ROWS = 1

    response = _upload(client_for(province_admin), csv_bytes(BAN_DAN_VAN, SO_Y_TE))

    assert response.context["form"].errors["import_file"] == [
        "Tệp có hơn 1 dòng; hãy chia thành các tệp nhỏ hơn."
    ]


@pytest.mark.django_db
def test_admin_import_is_closed_to_non_administrators(province, officer):
    response = _upload(client_for(officer), csv_bytes(BAN_DAN_VAN))

    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert not Unit.objects.filter(code="P40-BDV").exists()


@pytest.mark.django_db
def test_admin_export_contains_only_the_subtree(province, commune, other_province):
    admin = make_member(commune, Role.ADMIN)

    response = client_for(admin).post(
        reverse("admin:units_unit_export"),
        {"format": "1", "resource": "0", **{f"unitresource_{f}": "on" for f in ("code", "name")}},
    )

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert codes == [commune.code]


@pytest.mark.django_db
def test_admin_tree_opens_at_the_administrators_own_units(province, commune, other_province):
    admin = make_member(commune, Role.ADMIN)

    response = client_for(admin).get(reverse("admin:units_unit_changelist"))

    assert [unit.code for unit in response.context["cl"].result_list] == [commune.code]
    assert reverse("admin:units_unit_import") in response.content.decode()
    assert reverse("admin:units_unit_export") in response.content.decode()


@pytest.mark.django_db
def test_admin_drag_and_drop_refuses_a_target_outside_the_subtree(
    province, commune, other_province, province_admin
):
    response = client_for(province_admin).post(
        reverse("admin:units_unit_changelist") + "move/",
        {"node": commune.pk, "target": other_province.pk, "relation": "child"},
    )

    commune.refresh_from_db()
    province.refresh_from_db()  # adding other_province shifted it (sorted roots)
    assert response.status_code == 403
    assert commune.is_child_of(province)


@pytest.mark.django_db
def test_admin_add_form_refuses_a_parent_outside_the_subtree(
    province, other_province, province_admin
):
    data = {
        "code": "P42-X",
        "name": "Ban X",
        "kind": UnitKind.BOARD,
        "level": "province",
        "treebeard_position": "first-child",
        "treebeard_ref_node": other_province.pk,
    }

    response = client_for(province_admin).post(reverse("admin:units_unit_add"), data)

    assert response.status_code == 200
    assert not Unit.objects.filter(code="P42-X").exists()


@pytest.mark.django_db
def test_admin_add_form_places_a_unit_inside_the_subtree(province, province_admin):
    data = {
        "code": "P40-X",
        "name": "Ban X",
        "kind": UnitKind.BOARD,
        "level": "province",
        "treebeard_position": "first-child",
        "treebeard_ref_node": province.pk,
    }

    response = client_for(province_admin).post(reverse("admin:units_unit_add"), data)

    assert response.status_code == 302
    assert Unit.objects.get(code="P40-X").is_child_of(province)


@pytest.mark.django_db
def test_admin_add_form_refuses_a_sibling_of_the_administrators_top_unit(province, province_admin):
    data = {
        "code": "P77",
        "name": "Tỉnh giả",
        "kind": UnitKind.PROVINCE,
        "level": "province",
        "treebeard_position": "right",
        "treebeard_ref_node": province.pk,
    }

    response = client_for(province_admin).post(reverse("admin:units_unit_add"), data)

    assert response.status_code == 200
    assert "Chỉ được đặt đơn vị vào trong các đơn vị bạn quản trị." in response.content.decode()
    assert not Unit.objects.filter(code="P77").exists()


@pytest.mark.django_db
def test_admin_superuser_sees_every_root(province, other_province):
    root = make_member(province, Role.OFFICER, is_superuser=True)
    make_unit("Xã X", parent=other_province, code="W00001")

    response = client_for(root).get(reverse("admin:units_unit_changelist"))

    assert sorted(u.code for u in response.context["cl"].result_list) == ["P40", "P42"]


def _change_data(unit, **changes) -> dict:
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "function": unit.function,
        "address": unit.address,
        "is_active": "on",
        "treebeard_position": "first-child",
        "treebeard_ref_node": "",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_admin_edits_its_own_top_unit_in_place(province, province_admin):
    url = reverse("admin:units_unit_change", args=[province.pk])

    response = client_for(province_admin).post(url, _change_data(province, address="Vinh"))

    province.refresh_from_db()
    assert response.status_code == 302
    assert (province.address, province.depth) == ("Vinh", 1)


@pytest.mark.django_db
def test_commune_admin_edits_its_commune_under_a_parent_it_does_not_administer(province, commune):
    admin = make_member(commune, Role.ADMIN)
    url = reverse("admin:units_unit_change", args=[commune.pk])
    data = _change_data(commune, address="Số 1", treebeard_ref_node=province.pk)

    response = client_for(admin).post(url, data)

    commune.refresh_from_db()
    assert response.status_code == 302
    assert commune.address == "Số 1"
    assert commune.is_child_of(province)


@pytest.mark.django_db
def test_admin_cannot_delete_its_own_unit_but_can_delete_below_it(province, boards, province_admin):
    client = client_for(province_admin)
    board = boards["bcd_dvcq"]

    own = client.post(reverse("admin:units_unit_delete", args=[province.pk]), {"post": "yes"})
    below = client.post(reverse("admin:units_unit_delete", args=[board.pk]), {"post": "yes"})

    assert own.status_code == 403
    assert below.status_code == 302
    assert Unit.objects.filter(pk=province.pk).exists()
    assert not Unit.objects.filter(pk=board.pk).exists()
    changelist = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


@pytest.mark.django_db
def test_superuser_adds_a_unit_anywhere(province, other_province):
    root = make_member(province, Role.OFFICER, is_superuser=True)
    data = {
        "code": "P42-BDV",
        "name": "Ban Dân vận Tỉnh ủy Hà Tĩnh",
        "kind": UnitKind.BOARD,
        "level": "province",
        "treebeard_position": "first-child",
        "treebeard_ref_node": other_province.pk,
    }

    response = client_for(root).post(reverse("admin:units_unit_add"), data)

    assert response.status_code == 302
    assert Unit.objects.get(code="P42-BDV").is_child_of(other_province)

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from import_export.formats.base_formats import CSV, XLSX

from apps.accounts.enums import Role
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit
from apps.units.resources import UnitResource
from apps.units.services import import_errors, units_import
from tests.factories import make_member, make_unit

HEADER = [
    "code",
    "parent_code",
    "name",
    "kind",
    "level",
    "function",
    "address",
    "is_recognising_authority",
]
BAN_DAN_VAN = ["P40-BDV", "P40", "Ban Dân vận Tỉnh ủy", "board", "province", "ban_dan_van", "", "0"]
SO_Y_TE = ["P40-SYT", "P40", "Sở Y tế", "department", "province", "", "", "1"]
BENH_VIEN = ["P40-SYT-BV", "P40-SYT", "Bệnh viện Đa khoa", "subunit", "unit", "", "", "có"]


def csv_bytes(*rows, header=HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def xlsx_bytes(*rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _no_tree_problems() -> bool:
    return all(problems == [] for problems in Unit.objects.find_problems())


@pytest.mark.django_db
def test_units_import_creates_boards_and_subunits_under_their_parents(province):
    result = units_import(data=csv_bytes(BAN_DAN_VAN, SO_Y_TE, BENH_VIEN), file_name="u.csv")

    assert import_errors(result) == []
    board = Unit.objects.get(code="P40-BDV")
    hospital = Unit.objects.get(code="P40-SYT-BV")
    assert (board.kind, board.level, board.function) == (
        UnitKind.BOARD,
        UnitLevel.PROVINCE,
        BoardFunction.MASS_MOBILISATION,
    )
    assert board.is_child_of(province)
    assert hospital.is_child_of(Unit.objects.get(code="P40-SYT"))
    assert hospital.is_recognising_authority is True
    assert _no_tree_problems()


@pytest.mark.django_db
def test_units_import_reads_xlsx(province):
    result = units_import(data=xlsx_bytes(BAN_DAN_VAN, SO_Y_TE), file_name="u.xlsx")

    assert import_errors(result) == []
    assert Unit.objects.get(code="P40-SYT").is_recognising_authority is True


@pytest.mark.django_db
def test_units_import_writes_nothing_when_one_row_fails(province):
    bad = ["P40-X", "P40", "Ban X", "committee", "province", "", "", "0"]
    before = Unit.objects.count()

    result = units_import(data=csv_bytes(BAN_DAN_VAN, SO_Y_TE, bad), file_name="u.csv")

    assert Unit.objects.count() == before
    assert import_errors(result) == [
        "Dòng 4: kind: Giá trị 'committee' không phải là lựa chọn hợp lệ."
    ]


@pytest.mark.django_db
def test_units_import_reports_each_bad_row_in_vietnamese(province):
    unknown_parent = ["P40-A", "P99", "Ban A", "board", "province", "", "", "0"]
    reserved = ["W12345", "P40", "Xã giả", "commune", "commune", "", "", "0"]
    no_name = ["P40-B", "P40", "", "board", "province", "", "", "không rõ"]

    result = units_import(data=csv_bytes(unknown_parent, reserved, no_name), file_name="u.csv")

    assert import_errors(result) == [
        "Dòng 2: parent_code: Không có đơn vị mã P99 trong các đơn vị bạn quản trị.",
        "Dòng 3: code: Các mã dạng P40 hoặc W16702 dành cho danh mục đơn vị hành chính.",
        "Dòng 4: is_recognising_authority: Nhập 1 (có) hoặc 0 (không).",
        "Dòng 4: name: Trường này không được để trắng.",
    ]
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_units_import_updates_and_moves_existing_units(province):
    units_import(data=csv_bytes(BAN_DAN_VAN, SO_Y_TE, BENH_VIEN), file_name="u.csv")
    moved = ["P40-SYT-BV", "P40", "Bệnh viện Đa khoa tỉnh", "subunit", "unit", "", "", "1"]

    result = units_import(data=csv_bytes(BAN_DAN_VAN, moved), file_name="u.csv")

    hospital = Unit.objects.get(code="P40-SYT-BV")
    assert import_errors(result) == []
    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    assert hospital.name == "Bệnh viện Đa khoa tỉnh"
    assert hospital.is_child_of(province)
    assert Unit.objects.get(code="P40-SYT").numchild == 0
    assert _no_tree_problems()


@pytest.mark.django_db
def test_units_import_limited_to_the_administrators_subtree(province, other_province):
    admin = make_member(province, Role.ADMIN)
    elsewhere = ["P42-BDV", other_province.code, "Ban Dân vận Hà Tĩnh", "board", "province"]

    result = units_import(
        data=csv_bytes(BAN_DAN_VAN, [*elsewhere, "", "", "0"]), file_name="u.csv", by=admin
    )

    assert import_errors(result) == [
        "Dòng 3: parent_code: Không có đơn vị mã P42 trong các đơn vị bạn quản trị."
    ]
    assert not Unit.objects.filter(code__in=["P40-BDV", "P42-BDV"]).exists()


@pytest.mark.django_db
def test_units_import_refuses_changes_to_units_outside_the_subtree(province, other_province):
    admin = make_member(province, Role.ADMIN)
    rename = [other_province.code, province.code, "Tỉnh Hà Tĩnh (sửa)", "province", "province"]

    result = units_import(data=csv_bytes([*rename, "", "", "1"]), file_name="u.csv", by=admin)

    assert import_errors(result) == [
        "Dòng 2: code: Mã này đã được dùng cho một đơn vị bạn không quản trị."
    ]
    other_province.refresh_from_db()
    assert other_province.name == "Tỉnh Hà Tĩnh"


@pytest.mark.django_db
def test_units_import_caps_rows(settings, province):
    settings.IMPORT_MAX_ROWS = 2

    for data, name in [
        (csv_bytes(BAN_DAN_VAN, SO_Y_TE, BENH_VIEN), "u.csv"),
        (xlsx_bytes(BAN_DAN_VAN, SO_Y_TE, BENH_VIEN), "u.xlsx"),
    ]:
        with pytest.raises(ValidationError) as refused:
            units_import(data=data, file_name=name)

        assert refused.value.messages == ["Tệp có hơn 2 dòng; hãy chia thành các tệp nhỏ hơn."]
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_units_import_caps_bytes(settings, province):
    settings.IMPORT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        units_import(data=csv_bytes(BAN_DAN_VAN, SO_Y_TE), file_name="u.csv")

    assert refused.value.messages == ["Tệp lớn hơn 100\xa0byte; hãy chia thành các tệp nhỏ hơn."]


@pytest.mark.django_db
def test_units_import_refuses_other_formats_and_broken_files(province):
    with pytest.raises(ValidationError) as other:
        units_import(data=b"{}", file_name="u.json")
    with pytest.raises(ValidationError) as broken:
        units_import(data=b"not a zip", file_name="u.xlsx")

    assert other.value.messages == ["Chỉ nhập được tệp .csv và .xlsx."]
    assert broken.value.messages == ["Đây không phải là tệp .xlsx hợp lệ."]


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


@pytest.mark.django_db
def test_units_import_refuses_xml_entity_expansion(province):
    data = xlsx_bytes(BAN_DAN_VAN)
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    source, patched = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(patched, "w") as new:
        for item in old.infolist():
            content = old.read(item.filename)
            new.writestr(item, bomb if item.filename == "xl/worksheets/sheet1.xml" else content)

    with pytest.raises(ValidationError) as refused:
        units_import(data=patched.getvalue(), file_name="u.xlsx")

    assert refused.value.messages == ["Không đọc được tệp theo định dạng xlsx."]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x","y")', "+cmd", "-cmd", "@cmd"])
def test_unit_export_never_writes_a_formula(province, payload):
    make_unit(payload, parent=province, kind=UnitKind.BOARD, code="P40-F", address=payload)

    exported_csv = CSV().export_data(UnitResource().export())
    book = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(UnitResource().export())))

    row = next(r for r in csv.reader(io.StringIO(exported_csv)) if r[0] == "P40-F")
    assert row[2] == row[6] == "'" + payload
    cells = next(r for r in book.active.iter_rows() if r[0].value == "P40-F")
    assert (cells[2].data_type, cells[2].value) == ("s", "'" + payload)


@pytest.mark.django_db
def test_unit_export_round_trips_unchanged(province, commune):
    units_import(data=csv_bytes(BAN_DAN_VAN, SO_Y_TE, BENH_VIEN), file_name="u.csv")
    make_unit("-Tổ công tác", parent=province, kind=UnitKind.BOARD, code="P40-TCT")
    exported = CSV().export_data(UnitResource().export()).encode()

    result = units_import(data=exported, file_name="export.csv")

    assert import_errors(result) == []
    assert result.totals["skip"] == Unit.objects.count() == 6
    assert Unit.objects.get(code="P40-TCT").name == "-Tổ công tác"


@pytest.mark.django_db
def test_import_units_command_imports_or_reports_and_writes_nothing(tmp_path, province):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes(BAN_DAN_VAN, SO_Y_TE))
    bad.write_bytes(csv_bytes(["P40-X", "P77", "X", "board", "province", "", "", "0"]))
    out = io.StringIO()

    call_command("import_units", str(good), stdout=out)
    with pytest.raises(CommandError) as failed:
        call_command("import_units", str(bad))

    assert out.getvalue().strip() == "good.csv: 2 tạo mới, 0 cập nhật, 0 không đổi."
    assert str(failed.value).splitlines() == [
        "bad.csv: không nhập gì.",
        "Dòng 2: parent_code: Không có đơn vị mã P77 trong các đơn vị bạn quản trị.",
    ]
    assert Unit.objects.count() == 3

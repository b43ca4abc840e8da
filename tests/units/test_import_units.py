import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.units.enums import UnitKind
from apps.units.management.commands.import_admin_units import peoples_committee_fill
from apps.units.models import Unit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

AGENCIES_CSV = settings.BASE_DIR / "fixtures" / "nghe_an_agencies.csv"
OLD_HEADER = "code,parent_code,name,kind,level,function,address,is_recognising_authority"


def _document_fields(code: str) -> tuple:
    unit = Unit.objects.get(code=code)
    return (unit.abbreviation, unit.head_title, unit.is_party_body)


@pytest.fixture
def province(db):
    return make_unit("Tỉnh Nghệ An", code="P40")


def test_the_agencies_fixture_imports_each_units_symbol_head_and_party_form(province):
    call_command("import_units", str(AGENCIES_CSV), stdout=io.StringIO())

    assert _document_fields("P40-BDV") == ("BDVTU", "Trưởng ban", True)
    assert _document_fields("P40-SNV") == ("SNV", "Giám đốc", False)
    assert _document_fields("P40-QCDC") == ("BCĐ", "Trưởng ban", True)
    assert _document_fields("P40-DVCQ") == ("BCĐ", "Trưởng ban", False)
    assert _document_fields("P40-SGDDT") == ("SGDĐT", "Giám đốc", False)
    assert _document_fields("P40-SNNMT") == ("SNNMT", "Giám đốc", False)
    assert _document_fields("P40-CA") == ("CAT", "Giám đốc", False)
    assert _document_fields("P40-SYT-BVHNDK")[1:] == ("Giám đốc", False)
    assert _document_fields("P40-SGDDT-PBC")[1:] == ("Hiệu trưởng", False)
    snv = Unit.objects.get(code="P40-SNV")
    assert (snv.kind, snv.function) == (UnitKind.DEPARTMENT, "noi_vu")


def test_a_file_without_the_document_columns_still_imports_and_keeps_them(province, tmp_path):
    call_command("import_units", str(AGENCIES_CSV), stdout=io.StringIO())
    old = tmp_path / "old.csv"
    old.write_text(
        f"{OLD_HEADER}\nP40-SNV,P40,Sở Nội vụ tỉnh Nghệ An,department,province,noi_vu,,1\n"
        "P40-SXD,P40,Sở Xây dựng,department,province,,,1\n",
        encoding="utf-8",
    )

    call_command("import_units", str(old), stdout=io.StringIO())

    assert Unit.objects.get(code="P40-SNV").name == "Sở Nội vụ tỉnh Nghệ An"
    assert _document_fields("P40-SNV") == ("SNV", "Giám đốc", False)
    assert _document_fields("P40-SXD") == ("", "", False)


def test_a_bad_party_flag_is_a_row_error(province, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{OLD_HEADER},abbreviation,head_title,is_party_body\n"
        "P40-BDV,P40,Ban Dân vận Tỉnh ủy,board,province,ban_dan_van,,0,BDVTU,Trưởng ban,maybe\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="is_party_body"):
        call_command("import_units", str(bad), stdout=io.StringIO())

    assert not Unit.objects.filter(code="P40-BDV").exists()


def test_the_map_units_stand_for_their_peoples_committee(province):
    ward = make_unit("Phường Vinh Phú", parent=province, code="W16702")
    named = make_unit("Xã Nghĩa Đàn", parent=province, code="W17000", head_title="Bí thư")
    department = make_unit("Sở Y tế", parent=province, kind=UnitKind.DEPARTMENT, code="X-SYT")

    peoples_committee_fill(province_code=40)

    assert _document_fields(province.code)[:2] == ("UBND", "Chủ tịch")
    assert _document_fields(ward.code)[:2] == ("UBND", "Chủ tịch")
    assert _document_fields(named.code)[:2] == ("UBND", "Bí thư")
    assert _document_fields(department.code)[:2] == ("", "")

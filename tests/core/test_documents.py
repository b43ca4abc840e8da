"""The formal parts of a document (apps/core/documents.py): the decree's date and
number lines, and the head and foot derived from the issuing unit."""

import datetime

import pytest

from apps.core.documents import (
    PARTY,
    STATE,
    date_phrase,
    document_foot,
    document_form,
    document_head,
    document_subject,
    head_title,
    number_line,
    place_and_date,
    recipient_lines,
    signature_lines,
    unit_abbreviation,
)
from apps.units.enums import BoardFunction
from tests.factories import UserFactory, make_unit


@pytest.mark.parametrize(
    ("day", "phrase"),
    [
        (datetime.date(2026, 12, 4), "ngày 04 tháng 12 năm 2026"),
        (datetime.date(2027, 2, 5), "ngày 05 tháng 02 năm 2027"),
        (datetime.date(2027, 1, 15), "ngày 15 tháng 01 năm 2027"),
        (datetime.date(2027, 3, 5), "ngày 05 tháng 3 năm 2027"),
        (datetime.date(2026, 11, 30), "ngày 30 tháng 11 năm 2026"),
    ],
)
def test_days_below_10_and_months_1_and_2_take_a_leading_zero(day, phrase):
    assert date_phrase(day) == phrase


def test_place_and_date_starts_with_the_place():
    assert place_and_date("Nghệ An", datetime.date(2026, 12, 4)) == (
        "Nghệ An, ngày 04 tháng 12 năm 2026"
    )


def test_the_state_number_has_a_colon_and_the_party_number_none():
    assert number_line(12, "QĐ", "UBND") == "Số: 12/QĐ-UBND"
    assert number_line(19, "BC", "BDVTU", PARTY) == "Số 19-BC/BDVTU"


def test_an_unnumbered_document_keeps_the_clerks_blank():
    assert number_line(None, "BC", "UBND") == "Số:      /BC-UBND"
    assert number_line("", "BC", "BDVTU", PARTY) == "Số      -BC/BDVTU"


@pytest.fixture
def ban_dan_van(province):
    return make_unit(
        "Ban Dân vận Tỉnh ủy",
        parent=province,
        kind="board",
        level="province",
        function=BoardFunction.MASS_MOBILISATION,
        code="P40-BDV",
    )


@pytest.mark.django_db
def test_a_communes_head_is_its_peoples_committee(commune):
    head = document_head(commune, "BC", on=datetime.date(2026, 12, 4))

    assert (head.form, head.parent, head.issuer) == (
        STATE,
        "",
        ("ỦY BAN NHÂN DÂN", "PHƯỜNG VINH PHÚ"),
    )
    assert head.number == "Số:      /BC-UBND"
    assert head.place_date == "Vinh Phú, ngày 04 tháng 12 năm 2026"


@pytest.mark.django_db
def test_a_department_sits_under_the_provinces_peoples_committee(province):
    department = make_unit("Sở Giáo dục và Đào tạo", parent=province, kind="department")

    head = document_head(department, "BC", number=7, on=datetime.date(2027, 2, 5))

    assert (head.parent, head.issuer) == ("UBND TỈNH NGHỆ AN", ("SỞ GIÁO DỤC VÀ ĐÀO TẠO",))
    assert head.number == "Số: 7/BC-SGDĐT"
    assert head.place_date == "Nghệ An, ngày 05 tháng 02 năm 2027"


@pytest.mark.django_db
def test_a_school_sits_under_its_department(province):
    department = make_unit("Sở Giáo dục và Đào tạo", parent=province, kind="department")
    school = make_unit(
        "Trường THPT chuyên Phan Bội Châu",
        parent=department,
        kind="subunit",
        level="unit",
        abbreviation="THPTPBC",
    )

    head = document_head(school, "DS", on=datetime.date(2026, 3, 9))

    assert head.parent == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert head.number == "Số:      /DS-THPTPBC"
    assert head.place_date == "Nghệ An, ngày 09 tháng 3 năm 2026"
    assert head_title(school) == "Hiệu trưởng"


@pytest.mark.django_db
def test_ban_dan_van_takes_the_party_head(ban_dan_van):
    head = document_head(ban_dan_van, "BC", number=19, on=datetime.date(2026, 12, 4))

    assert (head.form, head.parent, head.issuer) == (PARTY, "TỈNH ỦY NGHỆ AN", ("BAN DÂN VẬN",))
    assert head.number == "Số 19-BC/BDVTU"
    assert head.place_date == "Nghệ An, ngày 04 tháng 12 năm 2026"


@pytest.mark.django_db
def test_a_steering_board_is_a_party_body_only_when_marked(province):
    board = make_unit(
        "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh",
        parent=province,
        kind="board",
        function=BoardFunction.QCDC_STEERING,
    )
    assert document_form(board) == STATE
    assert document_head(board, "BC").parent == "UBND TỈNH NGHỆ AN"

    board.is_party_body = True

    head = document_head(board, "BC")
    assert (head.parent, head.issuer) == (
        "TỈNH ỦY NGHỆ AN",
        ("BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ",),
    )
    assert signature_lines(board, PARTY) == ("T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN")


@pytest.mark.django_db
def test_the_units_own_fields_win(province):
    department = make_unit(
        "Sở Nội vụ",
        parent=province,
        kind="department",
        abbreviation="SNV-NA",
        head_title="Giám đốc Sở",
    )

    assert unit_abbreviation(department) == "SNV-NA"
    assert signature_lines(department) == ("GIÁM ĐỐC SỞ",)


@pytest.mark.django_db
def test_a_deputy_signs_kt(province, ban_dan_van):
    deputy = UserFactory(full_name="Lê Văn Cường", position="Phó Trưởng ban")

    foot = document_foot(ban_dan_van, ["Ban Thường vụ Tỉnh ủy"], signer=deputy)

    assert foot.signature == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert foot.name == "Lê Văn Cường"
    assert foot.recipients == ("- Ban Thường vụ Tỉnh ủy,", "- Lưu Văn phòng.")
    assert signature_lines(province, position="Phó Chủ tịch") == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )


def test_recipients_end_with_the_archive_copy_once_each():
    assert recipient_lines(["Ban Dân vận Tỉnh ủy", "Sở Nội vụ", "Ban Dân vận Tỉnh ủy", ""]) == (
        "- Ban Dân vận Tỉnh ủy;",
        "- Sở Nội vụ;",
        "- Lưu: VT.",
    )


def test_the_party_subject_starts_with_a_small_letter():
    assert document_subject("Sơ kết năm 2026", PARTY) == "sơ kết năm 2026"
    assert document_subject("Sơ kết năm 2026", STATE) == "Sơ kết năm 2026"

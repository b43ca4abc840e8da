"""Every download is named after what it holds, its year and its unit, in Vietnamese
without diacritics ("đ" becomes "d", not nothing)."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_the_registration_list_workbook_names_the_year_and_unit(leader, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle)

    response = client_for(leader).get(
        reverse("brightspots:registration_export", args=[spot.registration_list_id])
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-dang-ky-2026-phuong-vinh-phu.xlsx"'
    )


def test_the_registration_list_pdf_names_the_year_and_unit(leader, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle)

    response = client_for(leader).get(
        reverse("brightspots:registration_pdf", args=[spot.registration_list_id])
    )

    assert response["Content-Disposition"] == (
        'inline; filename="danh-sach-dang-ky-2026-phuong-vinh-phu.pdf"'
    )


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("?year=2026&unit={unit}", "diem-sang-dang-ky-2026-xa-nghia-dan.xlsx"),
        ("?year=2026", "diem-sang-dang-ky-2026.xlsx"),
        ("?year=", "diem-sang-dang-ky-tat-ca-cac-nam.xlsx"),
    ],
)
def test_the_bright_spot_list_workbook_names_the_filters(other_commune, cycle, query, filename):
    leader = make_member(other_commune, Role.LEADER)
    make_bright_spot(other_commune, cycle=cycle)

    response = client_for(leader).get(
        reverse("brightspots:list_export") + query.format(unit=other_commune.pk)
    )

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_the_inbox_workbook_names_the_year_and_the_board(boards, cycle):
    member = make_member(boards["ban_dan_van"], Role.STEERING)

    response = client_for(member).get(reverse("brightspots:inbox_export") + "?year=2026")

    assert response["Content-Disposition"] == (
        'attachment; filename="diem-sang-dang-ky-voi-ban-2026-ban-dan-van-tinh-uy.xlsx"'
    )

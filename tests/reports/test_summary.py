import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.enums import Role
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.reports.factories import figures_over_a_minute


@pytest.fixture
def observer(landscape):
    return make_member(landscape.province, Role.OBSERVER)


@pytest.mark.django_db
def test_summary_lists_each_direct_child_with_totals(landscape, observer):
    response = client_for(observer).get(reverse("reports:summary"), {"year": 2026})

    rows = response.context["rows"]
    assert [r.unit.name for r in rows] == ["Phường A", "Xã B", "Xã C", "Xã D"]
    assert response.context["total"].units == 5
    assert "Tổng cộng" in response.content.decode()


@pytest.mark.django_db
def test_summary_exports_to_xlsx_with_the_same_numbers(landscape, observer):
    response = client_for(observer).get(reverse("reports:summary_xlsx"), {"year": 2026})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert values[0][:3] == ["Đơn vị", "Số đơn vị", "Đạt chỉ tiêu năm"]
    assert values[1][:4] == ["Phường A", 2, 1, 1]
    assert values[-1][:4] == ["Tổng cộng", 5, 1, 4]
    assert response["Content-Disposition"] == (
        'attachment; filename="tong-hop-diem-sang-2026-tinh-nghe-an.xlsx"'
    )


@pytest.mark.django_db
def test_xlsx_never_turns_a_unit_name_into_a_formula(landscape, observer):
    make_unit('=HYPERLINK("http://evil.example","Bấm")', parent=landscape.province, code="EVIL")
    make_unit("+1+1", parent=landscape.province, code="PLUS")

    response = client_for(observer).get(reverse("reports:summary_xlsx"), {"year": 2026})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for c in sheet["A"] if isinstance(c.value, str)}
    evil = cells['=HYPERLINK("http://evil.example","Bấm")']
    assert evil.data_type == "s"
    assert cells["+1+1"].data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.django_db
def test_summary_prints_as_pdf(landscape, observer):
    response = client_for(observer).get(reverse("reports:summary_pdf"), {"year": 2026})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_ban_dan_van_member_opens_the_province_summary(landscape, bdv_member):
    response = client_for(bdv_member).get(reverse("reports:summary"), {"year": 2026})

    assert response.status_code == 200
    assert response.context["unit"] == landscape.province


@pytest.mark.django_db
def test_summary_figures_are_shared_for_a_minute_within_the_same_subtree(
    landscape, observer, settings
):
    page = figures_over_a_minute(
        client_for(observer),
        reverse("reports:summary"),
        {"year": 2026},
        landscape=landscape,
        settings=settings,
    )

    assert page.shared_queries < page.worked_out  # the figures' query is skipped
    assert "Số liệu tính lúc" in page.shared and "60 giây" in page.shared
    assert "Xã B" in page.shared and "Xã Mới" not in page.shared  # figures of the last minute
    assert "Xã Mới" in page.fresh
    assert "Phường A" not in page.own  # another subtree never reads the province's figures

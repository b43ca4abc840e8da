import io

import pytest
from openpyxl import Workbook

from apps.accounts.enums import Role
from apps.brightspots.history_sheet import COLUMNS
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_criteria_set
from tests.decisions.factories import make_authority
from tests.factories import make_member, make_unit

GOOD_ROWS = [
    # unit, year, kind, title, summary, decision, date, authority, signer, certificate
    [
        "W16702",
        2022,
        "qcdc",
        "Đối thoại với Nhân dân",
        "Đối thoại hằng quý",
        "05/QĐ-UBND",
        "20/11/2022",
        "W16702",
        "Nguyễn Văn A",
        1,
    ],
    [
        "W16702",
        2022,
        "qcdc",
        "Một cửa thân thiện",
        "",
        "05/QĐ-UBND",
        "20/11/2022",
        "W16702",
        "Nguyễn Văn A",
        2,
    ],
    [
        "W17000",
        2024,
        "qcdc",
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        "12/QĐ-UBND",
        "15/11/2024",
        "W17000",
        "Trần Thị B",
        7,
    ],
]


def xlsx(rows, columns=COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed in the cell, as a user would enter '=…
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def history_setup(province, commune, other_commune):
    make_authority(commune)
    make_authority(other_commune)
    make_criteria_set()
    return province


@pytest.fixture
def importer(province):
    return make_member(province, Role.ADMIN, username="history_admin")


@pytest.fixture
def council(province):
    return make_unit(
        "Hội đồng Thi đua – Khen thưởng tỉnh",
        parent=province,
        kind=UnitKind.BOARD,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.EMULATION_COUNCIL,
        code="P40-TDKT",
    )

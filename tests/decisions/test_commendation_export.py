"""The proposal's spreadsheet lists its collectives and individuals on a second sheet,
with the decision's outcome, and never runs a formula typed into a name."""

import io

import pytest
from openpyxl import load_workbook

from apps.decisions.exports import proposal_xlsx
from apps.decisions.services.commendations import (
    proposal_add_collective,
    proposal_add_individual,
)
from tests.decisions.test_commendation_people import NOW, proposal, steering  # noqa: F401
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_proposals_collectives_and_individuals(
    proposal,  # noqa: F811
    steering,  # noqa: F811
    province,
):
    commune = make_unit("Xã Nghi Lộc", parent=province, code="P40-NL")
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    proposal_add_individual(
        proposal=proposal,
        full_name='=HYPERLINK("http://x")',
        unit=commune,
        position="Chủ tịch UBND xã",
        achievement="Tổ chức đối thoại định kỳ",
        by=steering,
        now=NOW,
    )

    workbook = load_workbook(io.BytesIO(proposal_xlsx(proposal)))

    assert workbook.sheetnames == ["Điểm sáng", "Tập thể, cá nhân"]
    people = workbook["Tập thể, cá nhân"]
    assert people["A1"].value.startswith(
        "Danh sách tập thể, cá nhân đề nghị khen thưởng giai đoạn 2021–2025"
    )
    rows = [[cell.value for cell in row] for row in people.iter_rows(min_row=3)]
    assert rows == [
        [
            "STT",
            "Tập thể hoặc cá nhân",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Thành tích",
            "Được khen thưởng",
        ],
        [1, "Tập thể", None, None, "Xã Nghi Lộc", None, None],
        [
            2,
            "Cá nhân",
            '\'=HYPERLINK("http://x")',
            "Chủ tịch UBND xã",
            "Xã Nghi Lộc",
            "Tổ chức đối thoại định kỳ",
            None,
        ],
    ]
    assert all(cell.data_type != "f" for row in people.iter_rows() for cell in row)

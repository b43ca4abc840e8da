"""Bright-spot dossiers scored on a province's sheet: the sheet named for a kind's
dossiers lays the criteria scores of the unit and of the appraiser side by side, with
group subtotals, totals and classes; a submitted version records the sheet and the
unit's total, and the dossier keeps that sheet."""

import copy

import pytest
from django.urls import reverse

from apps.dossiers.services.workflow import dossier_submit
from apps.scoring.models import ScoringSheet
from apps.scoring.selectors import dossier_points
from apps.scoring.sheets import current_sheet, sheet_load
from tests.conftest import client_for
from tests.dossiers.conftest import in_window  # noqa: F401 (the fixture)
from tests.dossiers.factories import criteria_set_with, fill_findings, make_dossier

pytestmark = pytest.mark.django_db

SHEET = {
    "code": "diem-sang-qcdc",
    "title": "Bảng điểm điểm sáng dân chủ ở cơ sở",
    "dossier_kinds": ["qcdc"],
    "pass_threshold": 30,
    "groups": [
        {
            "code": "I",
            "title": "Tiêu chí chung",
            "items": [
                {"code": "1.1", "text": "Có tên, địa chỉ cụ thể", "points": 10},
                {"code": "1.2", "text": "Có kế hoạch thực hiện", "points": 10},
            ],
        },
        {
            "code": "II",
            "title": "Tiêu chí điểm sáng QCDC",
            "weight": 2,
            "items": [
                {"code": "2.1.1", "text": "Công khai, minh bạch", "points": 10},
                {"code": "2.1.2", "text": "Đối thoại với Nhân dân", "points": 10},
            ],
        },
    ],
    "bands": [
        {"name": "Chưa đạt", "from": 0, "to": 30},
        {"name": "Đạt", "from": 30, "to": 50},
        {"name": "Tốt", "from": 50, "to": 60},
    ],
}


def _scored_dossier(commune, cycle, officer, **kwargs):
    return make_dossier(
        commune,
        cycle=cycle,
        filled=True,
        by=officer,
        criteria_set=criteria_set_with(max_score=10),
        **kwargs,
    )


def _points(dossier):
    return dossier_points(dossier, list(dossier.assessments.select_related("criterion")))


def test_the_dossier_page_shows_both_sides_totals_and_classes(province, commune, cycle, officer):
    sheet_load(copy.deepcopy(SHEET), province=province)
    dossier = fill_findings(_scored_dossier(commune, cycle, officer))

    points = _points(dossier)
    page = client_for(officer).get(reverse("dossiers:detail", args=[dossier.pk]))

    assert (points.sheet.maximum, points.self_totals.total, points.self_totals.band) == (
        60,
        60,
        "Tốt",
    )
    assert [g.weighted for g in points.appraiser_totals.groups] == [10, 20]
    assert (points.appraiser_totals.total, points.appraiser_totals.band) == (30, "Đạt")
    assert (points.self_totals.passed, points.appraiser_totals.passed, points.problems) == (
        True,
        True,
        [],
    )
    text = page.content.decode()
    assert "Điểm theo bảng điểm" in text
    assert "Bảng điểm điểm sáng dân chủ ở cơ sở" in text


def test_a_submitted_version_keeps_its_sheet_and_the_units_total(
    province,
    commune,
    cycle,
    officer,
    in_window,  # noqa: F811
):
    first = sheet_load(copy.deepcopy(SHEET), province=province)
    dossier = _scored_dossier(commune, cycle, officer)

    dossier_submit(dossier=dossier, by=officer)
    later = copy.deepcopy(SHEET)
    later["title"] = "Bảng điểm sửa đổi"
    sheet_load(later, province=province)

    version = dossier.versions.get()
    assert version.data["scoring"] == {
        "sheet": first.pk,
        "title": "Bảng điểm điểm sáng dân chủ ở cơ sở",
        "maximum": "60.00",
        "total": "60.00",
        "band": "Tốt",
        "passed": True,
    }
    first.refresh_from_db()
    assert first.frozen_at is not None
    points = _points(dossier)
    assert (points.sheet.id, points.recorded) == (first.pk, True)
    page = client_for(officer).get(reverse("dossiers:version", args=[dossier.pk, 1]))
    assert "60.00 / 60.00" in page.content.decode()


def test_a_kind_the_province_does_not_score_has_no_points_and_rounds_ignore_the_sheet(
    province, commune, cycle, officer
):
    sheet_load(copy.deepcopy(SHEET), province=province)
    dossier = _scored_dossier(commune, cycle, officer, kind="dvcq")

    page = client_for(officer).get(reverse("dossiers:detail", args=[dossier.pk]))

    assert _points(dossier) is None
    assert "Điểm theo bảng điểm" not in page.content.decode()
    assert current_sheet(province) is None
    assert ScoringSheet.objects.filter(province=province).count() == 1


def test_items_that_do_not_match_the_criteria_are_named(province, commune, cycle, officer):
    data = copy.deepcopy(SHEET)
    data["groups"][0]["items"][1]["points"] = 5
    data["groups"][1]["items"].append({"code": "2.1.9", "text": "Khác", "points": 0.5})
    data["bands"][-1]["to"] = 61
    sheet_load(data, province=province)
    dossier = _scored_dossier(commune, cycle, officer)

    points = _points(dossier)

    assert points.problems == [
        "Tiêu chí 1.2 được chấm trên thang 10 điểm, bảng điểm cho 5 điểm.",
        "Mục 2.1.9 của bảng điểm không phải là tiêu chí của hồ sơ này.",
    ]

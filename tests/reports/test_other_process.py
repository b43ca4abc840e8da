"""The reports follow the year's process, not Nghệ An's: a province whose own published
process has two kinds, "mha" and "mhb", and a minimum that differs by kind of unit
(every unit: 1 "mhb"; a commune besides: 2 "mha"):

Xã Đủ       mha registered, mha acknowledged, mhb recognised  → meets (2 mha, 1 mhb)
  Trường Đủ (subunit)  mhb registered                          → meets (needs 1 mhb only)
Xã Thiếu    mha registered, mhb registered, mha withdrawn      → misses (1 mha of 2)
Xã Chỉ B    mhb ×3 registered, mha draft                       → misses (0 mha of 2)
Sở Có       (agency) mhb in progress                           → meets
Sở Không    (agency) mhb withdrawn                             → misses (0 mhb of 1)
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.cycles.process import process_of
from apps.reports.selectors.dashboard import dashboard, minimum_in_words
from apps.reports.selectors.deadlines import reporting_units
from apps.reports.selectors.figures import meets_minimum, subtree_rows
from apps.reports.selectors.review import review_report_figures
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.cycles.factories import make_process
from tests.factories import make_member, make_unit
from tests.queries import page_queries
from tests.reports.factories import recognise

S = BrightSpotStatus
APRIL_2026 = datetime.date(2026, 4, 15)
pytestmark = pytest.mark.django_db

KINDS = {"mha": "Mô hình A", "mhb": "Mô hình B"}


def _two_kinds(data: dict) -> None:
    data["kinds"] = [
        {
            "code": code,
            "name": name,
            "document_phrase": name.lower(),
            "certificate_title": name,
            "unit_kinds": [],
        }
        for code, name in KINDS.items()
    ]
    data["routes"] = [
        {"kind": code, "board": BoardFunction.MASS_MOBILISATION, "level": "province"}
        for code in KINDS
    ]
    data["minimums"] = [
        {"kind": "mhb", "unit_kind": "", "count": 1},
        {"kind": "mha", "unit_kind": UnitKind.COMMUNE, "count": 2},
    ]


@pytest.fixture
def other(province, boards):
    make_process(province, _two_kinds)
    cycle = make_cycle(province, 2026)
    full = make_unit("Xã Đủ", parent=province, code="M1")
    school = make_unit("Trường Đủ", parent=full, kind="subunit", level="unit", code="M1A")
    short = make_unit("Xã Thiếu", parent=province, code="M2")
    only_b = make_unit("Xã Chỉ B", parent=province, code="M3")
    agency = dict(kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE)
    with_b = make_unit("Sở Có", parent=province, code="M4", **agency)
    without = make_unit("Sở Không", parent=province, code="M5", **agency)

    def spot(unit, kind, status):
        return make_bright_spot(unit, cycle=cycle, kind=kind, status=status)

    spot(full, "mha", S.REGISTERED)
    spot(full, "mha", S.ACKNOWLEDGED)
    recognise(spot(full, "mhb", S.IN_RECOGNITION), number=1)
    spot(school, "mhb", S.REGISTERED)
    spot(short, "mha", S.REGISTERED)
    spot(short, "mhb", S.REGISTERED)
    spot(short, "mha", S.WITHDRAWN)
    for _n in range(3):
        spot(only_b, "mhb", S.REGISTERED)
    spot(only_b, "mha", S.DRAFT)
    spot(with_b, "mhb", S.IN_PROGRESS)
    spot(without, "mhb", S.WITHDRAWN)
    return SimpleNamespace(
        province=province,
        cycle=cycle,
        full=full,
        school=school,
        short=short,
        only_b=only_b,
        with_b=with_b,
        without=without,
    )


def test_the_lines_count_the_process_kinds_and_its_minimum_per_kind_of_unit(other):
    rows = {row.unit.name: row for row in subtree_rows(unit=other.province, cycle=other.cycle)}

    figures = {
        name: (row.units, row.meeting, row.missing, row.kinds, row.recognised)
        for name, row in rows.items()
    }
    assert figures == {
        "Xã Đủ": (2, 2, 0, {"mha": 2, "mhb": 2}, 1),
        "Xã Thiếu": (1, 0, 1, {"mha": 1, "mhb": 1}, 0),
        "Xã Chỉ B": (1, 0, 1, {"mha": 0, "mhb": 3}, 0),
        "Sở Có": (1, 1, 0, {"mha": 0, "mhb": 1}, 0),
        "Sở Không": (1, 0, 1, {"mha": 0, "mhb": 0}, 0),
    }


def test_the_orm_condition_and_the_summary_agree_on_who_meets_the_minimum(other):
    meeting = reporting_units(other.province).filter(meets_minimum(other.cycle))

    assert sorted(meeting.values_list("name", flat=True)) == ["Sở Có", "Trường Đủ", "Xã Đủ"]


def test_the_dashboard_follows_the_process(other):
    board = dashboard(unit=other.province, cycle=other.cycle, today=APRIL_2026)

    assert board.kinds == list(KINDS.items())
    assert board.minimum_kinds == list(KINDS.items())
    total = board.total
    assert (total.units, total.meeting, total.missing) == (6, 3, 3)
    assert (total.kinds, total.recognised) == ({"mha": 3, "mhb": 7}, 1)
    assert set(board.by_kind) == set(KINDS)
    assert board.by_kind["mha"][S.WITHDRAWN] == 1
    assert board.by_kind["mhb"][S.RECOGNISED] == 1
    assert board.trend == [{"year": 2026, "kinds": [3, 7], "recognised": 1}]
    # (required, held) of mha then mhb: an agency need not build any mha
    missing = {unit.name: unit.minimum_cells for unit in board.missing}
    assert missing == {
        "Xã Thiếu": [(2, 1), (1, 1)],
        "Xã Chỉ B": [(2, 0), (1, 3)],
        "Sở Không": [(0, 0), (1, 0)],
    }
    assert board.minimum_rules == minimum_in_words(process_of(cycle=other.cycle))
    assert "1 Mô hình B" in board.minimum_rules[0]
    assert "2 Mô hình A, 1 Mô hình B" in board.minimum_rules[1]


def test_a_commune_subtree_and_its_review_report_follow_the_process(other):
    board = dashboard(unit=other.full, cycle=other.cycle, today=APRIL_2026)

    assert (board.total.units, board.total.meeting) == (2, 2)
    assert review_report_figures(unit=other.full, cycle=other.cycle)["missing_kinds"] == []
    assert review_report_figures(unit=other.short, cycle=other.cycle)["missing_kinds"] == ["mha"]
    figures = review_report_figures(unit=other.without, cycle=other.cycle)
    assert figures["missing_kinds"] == ["mhb"]
    assert [row["kind"] for row in figures["counts"]] == ["mha", "mhb"]


def test_the_pages_name_the_process_kinds(other):
    client = client_for(make_member(other.province, Role.OBSERVER))

    summary = client.get(reverse("reports:summary"), {"year": 2026})
    page = client.get(reverse("reports:dashboard"), {"year": 2026}).content.decode()

    total = summary.context["total"]
    assert (total.units, total.meeting, total.kinds) == (6, 3, {"mha": 3, "mhb": 7})
    for content in (summary.content.decode(), page):
        assert all(name in content for name in KINDS.values())
        assert "Dân vận khéo" not in content


def test_the_pages_cost_the_same_queries_whatever_the_process_and_the_data(other):
    client = client_for(make_member(other.province, Role.OBSERVER))
    pages = [(reverse(name), {"year": 2026}) for name in ("reports:dashboard", "reports:summary")]
    for url, params in pages:
        page_queries(client, url, params)  # warm caches (content types, session)
    small = [page_queries(client, url, params) for url, params in pages]

    for n in range(8):
        commune = make_unit(f"Xã thêm {n}", parent=other.province, code=f"MG{n}")
        for kind in ("mha", "mha", "mhb"):
            make_bright_spot(commune, cycle=other.cycle, kind=kind, status=S.REGISTERED)
    large = [page_queries(client, url, params) for url, params in pages]

    assert large == small
    assert max(small) <= 17

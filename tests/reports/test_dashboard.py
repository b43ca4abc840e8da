"""Dashboard figures against a hand-counted province (tests/reports/conftest.py):

Phường A  QCDC registered, DVCQ acknowledged, DVK recognised (by A, commune level);
          list sent; review report submitted           → meets the minimum
  Trường A1 (subunit of A)  QCDC registered; no list
Xã B      QCDC in progress, DVCQ withdrawn, DVK draft; no list
Xã C      nothing; registration extended to 30/4
Xã D      QCDC recognised (by the province); list sent late under an extension
2025      A: QCDC recognised
"""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationList
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.reports.selectors.dashboard import dashboard
from apps.reports.selectors.figures import (
    GroupRow,
    late_figures,
    recognitions_by_level,
    subtree_rows,
    totals,
)
from apps.units.enums import BoardFunction, UnitKind
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind
from tests.queries import page_queries
from tests.reminders.factories import send_list
from tests.reports.factories import figures_over_a_minute, recognise

K = BrightSpotKind
S = BrightSpotStatus
APRIL = datetime.date(2026, 4, 15)
DECEMBER = datetime.date(2026, 12, 1)


def figures(landscape, unit=None, today=APRIL):
    return dashboard(unit=unit or landscape.province, cycle=landscape.cycle, today=today)


@pytest.mark.django_db
def test_counts_by_kind_and_state(landscape):
    board = figures(landscape)

    nonzero = {
        (kind, status): n for kind, row in board.by_kind.items() for status, n in row.items() if n
    }
    assert nonzero == {
        (K.QCDC, S.REGISTERED): 2,
        (K.QCDC, S.IN_PROGRESS): 1,
        (K.QCDC, S.RECOGNISED): 1,
        (K.DVCQ, S.ACKNOWLEDGED): 1,
        (K.DVCQ, S.WITHDRAWN): 1,
        (K.DVK, S.RECOGNISED): 1,
        (K.DVK, S.DRAFT): 1,
    }


@pytest.mark.django_db
def test_rows_per_direct_child_subtree(landscape):
    rows = {row.unit.name: row for row in figures(landscape).rows}

    assert list(rows) == ["Phường A", "Xã B", "Xã C", "Xã D"]
    a = rows["Phường A"]
    assert (a.units, a.meeting, a.lists_sent, a.reports_submitted) == (2, 1, 1, 1)
    assert (*a.kinds.values(), a.recognised) == (2, 1, 1, 1)
    b = rows["Xã B"]
    assert (b.units, b.meeting, *b.kinds.values(), b.recognised) == (1, 0, 1, 0, 0, 0)
    d = rows["Xã D"]
    assert (d.units, d.meeting, d.lists_sent, d.kinds["qcdc"], d.recognised) == (1, 0, 1, 1, 1)


@pytest.mark.django_db
def test_totals_and_units_meeting_the_minimum(landscape):
    board = figures(landscape)

    total = board.total
    assert (total.units, total.meeting, total.missing) == (5, 1, 4)
    assert (total.lists_sent, total.reports_submitted) == (2, 1)
    assert (*total.kinds.values(), total.recognised) == (4, 1, 1, 2)
    # (required, held) of each kind of the minimum
    missing = {u.name: u.minimum_cells for u in board.missing}
    assert missing == {
        "Trường A1": [(1, 1), (1, 0), (1, 0)],
        "Xã B": [(1, 1), (1, 0), (1, 0)],
        "Xã C": [(1, 0), (1, 0), (1, 0)],
        "Xã D": [(1, 1), (1, 0), (1, 0)],
    }


@pytest.mark.django_db
def test_late_registrations_honour_extensions(landscape):
    late = figures(landscape).late_registrations

    assert late.count == 2
    assert [u.name for u in late.units] == ["Trường A1", "Xã B"]
    assert late.done_late == 1


@pytest.mark.django_db
def test_nobody_is_late_before_the_deadline(landscape):
    board = figures(landscape, today=datetime.date(2026, 3, 30))

    assert (board.late_registrations.count, board.late_reports.count) == (0, 0)


@pytest.mark.django_db
def test_late_reports_after_30_november(landscape):
    late = figures(landscape, today=DECEMBER).late_reports

    assert late.count == 4
    assert late.done_late == 0


@pytest.mark.django_db
def test_recognitions_by_level_of_the_authority(landscape):
    recognitions = {level: n for level, _label, n in figures(landscape).recognitions}

    # No district level in 2026: districts were gone on 1/7/2025 (the process says so).
    assert recognitions == {"province": 1, "commune": 1, "unit": 0}


@pytest.mark.django_db
def test_a_year_when_districts_existed_shows_their_row(landscape):
    previous = Cycle.objects.get(province=landscape.province, year=2025)

    levels = [
        level
        for level, _label, _n in recognitions_by_level(unit=landscape.province, cycle=previous)
    ]

    assert levels == ["province", "district", "commune", "unit"]


@pytest.mark.django_db
def test_trend_over_the_years(landscape):
    trend = figures(landscape).trend

    assert trend == [
        {"year": 2025, "kinds": [1, 0, 0], "recognised": 1},
        {"year": 2026, "kinds": [4, 1, 1], "recognised": 2},
    ]


@pytest.mark.django_db
def test_subtree_of_a_commune_has_its_own_line_then_its_children(landscape):
    rows = subtree_rows(unit=landscape.a, cycle=landscape.cycle)

    assert [(r.unit.name, r.is_self, r.units, r.kinds["qcdc"]) for r in rows] == [
        ("Phường A", True, 1, 1),
        ("Trường A1", False, 1, 1),
    ]
    assert totals(rows, K.values).meeting == 1


@pytest.mark.django_db
def test_dashboard_page_shows_the_numbers_as_a_table_and_charts(landscape):
    observer = make_member(landscape.province, Role.OBSERVER)

    response = client_for(observer).get(reverse("reports:dashboard"), {"year": 2026})

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["unit"] == landscape.province
    assert page.count("<svg") == 4
    assert "Xã B" in page and "Trường A1" in page
    assert f"?unit={landscape.a.pk}&amp;year=2026" in page


@pytest.mark.django_db
def test_dashboard_drills_down_to_a_unit_in_reach(landscape):
    observer = make_member(landscape.province, Role.OBSERVER)

    response = client_for(observer).get(
        reverse("reports:dashboard"), {"unit": landscape.a.pk, "year": 2026}
    )

    assert response.context["board"].total.units == 2
    assert response.context["ancestors"] == [landscape.province]


def _grow(landscape, communes: int) -> None:
    for n in range(communes):
        unit = make_unit(f"Xã thêm {n}", parent=landscape.province, code=f"G{n}")
        child = make_unit(f"Trường thêm {n}", parent=unit, kind="subunit", level="unit")
        for kind in K.values:
            spot = make_bright_spot(unit, cycle=landscape.cycle, kind=kind, status=S.ACKNOWLEDGED)
        recognise(spot, number=100 + n)
        make_bright_spot(child, cycle=landscape.cycle, status=S.REGISTERED)
        send_list(unit, landscape.cycle)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:dashboard", "reports:summary"])
def test_query_count_does_not_grow_with_the_data(landscape, name):
    client = client_for(make_member(landscape.province, Role.OBSERVER))
    url, params = reverse(name), {"year": 2026}
    page_queries(client, url, params)  # warm caches (content types, session)
    small = page_queries(client, url, params)

    _grow(landscape, 12)
    large = page_queries(client, url, params)

    assert large == small
    assert small <= 17  # 21–23 before the dashboard was made cheaper


@pytest.mark.django_db
def test_steering_board_member_follows_the_whole_province(landscape):
    member = make_member(landscape.boards["bcd_qcdc"], Role.STEERING)

    response = client_for(member).get(reverse("reports:dashboard"), {"year": 2026})

    assert response.context["unit"] == landscape.province
    assert response.context["board"].total.units == 5


@pytest.mark.django_db
def test_figures_of_a_commune_subtree(landscape):
    board = figures(landscape, unit=landscape.a)

    nonzero = {
        (kind, status): n for kind, row in board.by_kind.items() for status, n in row.items() if n
    }
    assert nonzero == {
        (K.QCDC, S.REGISTERED): 2,
        (K.DVCQ, S.ACKNOWLEDGED): 1,
        (K.DVK, S.RECOGNISED): 1,
    }
    assert board.trend == [
        {"year": 2025, "kinds": [1, 0, 0], "recognised": 1},
        {"year": 2026, "kinds": [2, 1, 1], "recognised": 1},
    ]
    recognitions = {level: n for level, _label, n in board.recognitions}
    assert recognitions == {"province": 0, "commune": 1, "unit": 0}
    assert [u.name for u in board.missing] == ["Trường A1"]


@pytest.mark.django_db
def test_lists_sent_late_are_counted_in_their_own_subtree_only(landscape):
    late_d = figures(landscape, unit=landscape.d).late_registrations
    late_b = figures(landscape, unit=landscape.b).late_registrations

    assert (late_d.count, late_d.done_late) == (0, 1)
    assert (late_b.count, [u.name for u in late_b.units], late_b.done_late) == (1, ["Xã B"], 0)


@pytest.mark.django_db
def test_another_province_of_the_same_year_is_left_out(landscape, other_province):
    cycle = make_cycle(other_province, 2026)
    elsewhere = make_unit("Xã Khác", parent=other_province, code="X42")
    for kind in K.values:
        spot = make_bright_spot(elsewhere, cycle=cycle, kind=kind, status=S.IN_RECOGNITION)
    recognise(spot, authority=other_province, number=9)

    board = figures(landscape)

    assert (board.total.units, board.total.kinds["qcdc"], board.total.recognised) == (5, 4, 2)
    assert board.by_kind[K.DVK][S.RECOGNISED] == 1
    assert board.trend[-1] == {"year": 2026, "kinds": [4, 1, 1], "recognised": 2}
    recognitions = {level: n for level, _label, n in board.recognitions}
    assert recognitions == {"province": 1, "commune": 1, "unit": 0}
    assert board.late_registrations.done_late == 1


@pytest.mark.django_db
def test_inactive_units_and_boards_are_not_in_the_lines(landscape):
    gone = make_unit("Xã Cũ", parent=landscape.province, code="OLD", is_active=False)
    for kind in K.values:
        make_bright_spot(gone, cycle=landscape.cycle, kind=kind, status=S.REGISTERED)
    make_bright_spot(landscape.boards["bcd_qcdc"], cycle=landscape.cycle, status=S.REGISTERED)

    board = figures(landscape)

    assert [row.unit.name for row in board.rows] == ["Phường A", "Xã B", "Xã C", "Xã D"]
    total = board.total
    assert (total.units, total.meeting, *total.kinds.values()) == (5, 1, 4, 1, 1)
    assert board.missing.paginator.count == 4


@pytest.mark.django_db
def test_missing_units_on_a_later_page_show_which_kinds_they_hold(landscape, monkeypatch):
    monkeypatch.setattr("apps.reports.selectors.dashboard.MISSING_PER_PAGE", 2)

    board = dashboard(unit=landscape.province, cycle=landscape.cycle, today=APRIL, missing_page=2)

    missing = [(u.name, u.minimum_cells) for u in board.missing]
    assert missing == [("Xã C", [(1, 0), (1, 0), (1, 0)]), ("Xã D", [(1, 1), (1, 0), (1, 0)])]
    assert board.missing.paginator.num_pages == 2


@pytest.mark.django_db
def test_late_count_includes_the_units_beyond_the_names_shown(landscape):
    late = late_figures(
        unit=landscape.province,
        cycle=landscape.cycle,
        kind=DeadlineKind.REGISTRATION,
        today=APRIL,
        done_late_model=RegistrationList,
        limit=1,
    )

    assert (late.count, [u.name for u in late.units]) == (2, ["Trường A1"])


@pytest.mark.django_db
def test_summary_lines_escape_names_and_link_only_when_asked(landscape):
    make_unit('<b>Xã "E"</b>', parent=landscape.province, code="E")
    rows = subtree_rows(unit=landscape.province, cycle=landscape.cycle)
    line = Template("{% load reports %}{% summary_rows rows link=link %}")

    with translation.override("vi"):
        linked = line.render(Context({"rows": rows, "cycle": landscape.cycle, "link": True}))
        plain = line.render(Context({"rows": rows}))

    assert "&lt;b&gt;Xã &quot;E&quot;&lt;/b&gt;" in linked
    assert "<b>" not in linked
    assert f'<a href="?unit={landscape.b.pk}&amp;year=2026">Xã B</a>' in linked
    assert "<a " not in plain
    assert "<tr><td>Xã B</td>" in plain


@pytest.mark.django_db
def test_summary_lines_name_the_units_own_line_and_group_thousands(landscape):
    rows = [GroupRow(unit=landscape.a, is_self=True, units=12345, kinds={"qcdc": 1000000})]

    with translation.override("vi"):
        html = Template("{% load reports %}{% summary_rows rows %}").render(Context({"rows": rows}))

    assert html.startswith("<tr><td>Phường A (của đơn vị)</td>")
    assert '<td class="num">12.345</td>' in html
    assert '<td class="num">1.000.000</td>' in html


@pytest.mark.django_db
def test_query_count_of_a_commune_page_does_not_grow_with_its_subunits(landscape):
    client = client_for(make_member(landscape.province, Role.OBSERVER))
    url, params = reverse("reports:dashboard"), {"unit": landscape.a.pk, "year": 2026}
    page_queries(client, url, params)
    small = page_queries(client, url, params)

    for n in range(5):
        child = make_unit(f"Trường thêm {n}", parent=landscape.a, kind="subunit", level="unit")
        for kind in K.values:
            make_bright_spot(child, cycle=landscape.cycle, kind=kind, status=S.REGISTERED)
    large = page_queries(client, url, params)

    assert large == small


@pytest.mark.django_db
@pytest.mark.parametrize("per_page", [1, 2, 3, 25])
def test_missing_units_pages_follow_the_path_order_across_subtrees(
    landscape, monkeypatch, per_page
):
    for n in (1, 2):
        make_unit(f"Trường B{n}", parent=landscape.b, kind="subunit", level="unit", code=f"B{n}")
    monkeypatch.setattr("apps.reports.selectors.dashboard.MISSING_PER_PAGE", per_page)
    expected = {
        landscape.province: ["Trường A1", "Xã B", "Trường B1", "Trường B2", "Xã C", "Xã D"],
        landscape.b: ["Xã B", "Trường B1", "Trường B2"],
    }

    for unit, names in expected.items():
        pages = dashboard(unit=unit, cycle=landscape.cycle, today=APRIL).missing.paginator
        shown = [u.name for n in pages.page_range for u in pages.page(n).object_list]

        assert shown == names
        assert pages.count == len(names)


@pytest.mark.django_db
def test_dashboard_page_marks_the_kinds_a_unit_misses(landscape):
    full = make_unit("Xã F", parent=landscape.province, code="F")
    for kind in K.values:
        make_bright_spot(full, cycle=landscape.cycle, kind=kind, status=S.REGISTERED)
    client = client_for(make_member(landscape.province, Role.OBSERVER))

    province = client.get(reverse("reports:dashboard"), {"year": 2026}).content.decode()
    commune = client.get(
        reverse("reports:dashboard"), {"unit": landscape.a.pk, "year": 2026}
    ).content.decode()
    complete = client.get(
        reverse("reports:dashboard"), {"unit": full.pk, "year": 2026}
    ).content.decode()

    missing = '<td><span class="badge warn">còn thiếu (0/1)</span></td>'
    assert f"<tr><td>Xã D</td><td>✓</td>{missing}{missing}</tr>" in province
    assert f"<tr><td>Trường A1</td><td>✓</td>{missing}{missing}</tr>" in commune
    assert "Tất cả đơn vị đã đạt chỉ tiêu." not in commune
    assert "Tất cả đơn vị đã đạt chỉ tiêu." in complete


@pytest.mark.django_db
def test_so_noi_vu_built_as_a_department_follows_the_province(province, commune):
    so_noi_vu = make_unit(
        "Sở Nội vụ",
        parent=province,
        kind=UnitKind.DEPARTMENT,
        function=BoardFunction.HOME_AFFAIRS,
        code="P40-SNV",
    )
    health = make_unit("Sở Y tế", parent=province, kind=UnitKind.DEPARTMENT, code="P40-SYT")
    member = make_member(so_noi_vu, Role.OFFICER)
    outsider = make_member(health, Role.OFFICER)

    assert [can(member, "reports.view_dashboard", unit) for unit in (province, commune)] == [
        True,
        True,
    ]
    assert can(outsider, "reports.view_dashboard", province) is False


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:dashboard", "reports:summary", "reports:review_list"])
def test_report_pages_open_on_the_open_cycle(landscape, name):
    # 04/12/2026: the 2026 dates are over and units register for 2027.
    make_cycle(landscape.province, 2027)
    leader = make_member(landscape.a, Role.LEADER, Role.OBSERVER)
    make_member(landscape.province, Role.OBSERVER, user=leader)

    with at_local(2026, 12, 4):
        response = client_for(leader).get(reverse(name))

    context = response.context
    year = context["year"] if name == "reports:review_list" else context["cycle"].year
    assert year == 2027


@pytest.mark.django_db
def test_a_report_page_keeps_the_year_asked_for(landscape):
    make_cycle(landscape.province, 2027)
    observer = make_member(landscape.province, Role.OBSERVER)

    with at_local(2026, 12, 4):
        response = client_for(observer).get(reverse("reports:dashboard"), {"year": 2026})

    assert response.context["cycle"] == landscape.cycle


@pytest.mark.django_db
def test_dashboard_figures_are_shared_for_a_minute_and_say_when_they_were_worked_out(
    landscape, settings
):
    client = client_for(make_member(landscape.province, Role.OBSERVER))

    page = figures_over_a_minute(
        client, reverse("reports:dashboard"), {"year": 2026}, landscape=landscape, settings=settings
    )

    assert page.shared_queries < page.worked_out - 5  # the figures' queries are skipped
    assert "Số liệu tính lúc" in page.shared and "60 giây" in page.shared
    assert "Trường A1" in page.shared and page.shared.count("<svg") == 4
    assert "Xã Mới" not in page.shared  # figures of the last minute
    assert "Xã Mới" in page.fresh
    assert "Trường A1" not in page.own  # another subtree never reads the province's figures

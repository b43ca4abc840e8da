"""A province's process as data: the default (Nghệ An's) exactly, versions pinned to
cycles, years whose period crosses calendar years, and the checks before publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.enums import Role
from apps.brightspots.selectors import KindCounts
from apps.brightspots.services import bright_spot_create
from apps.cycles.enums import RouteLevel
from apps.cycles.models import Cycle, ProcessVersion
from apps.cycles.process import (
    RouteRule,
    current_process,
    current_version,
    process_load,
    process_of,
    version_problems,
)
from apps.reminders.selectors import reminder_plan
from apps.units.enums import BoardFunction, UnitKind
from tests.brightspots.factories import make_criteria_set
from tests.cycles.factories import cover_kinds, default_process_data, make_cycle, make_process
from tests.factories import make_member, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_default_process_is_nghe_ans_guidance():
    process = current_process(None)

    assert process.kind_codes == ("qcdc", "dvcq", "dvk")
    assert process.label("dvk") == "Mô hình “Dân vận khéo”"
    assert process.routes["dvcq"] == RouteRule(
        BoardFunction.DVCQ_STEERING,
        BoardFunction.HOME_AFFAIRS,
        BoardFunction.MASS_MOBILISATION,
        RouteLevel.PROVINCE,
    )
    assert process.routes["qcdc"].steps() == [
        ("board", BoardFunction.QCDC_STEERING),
        ("via", BoardFunction.MASS_MOBILISATION),
    ]
    assert process.minimum(UnitKind.COMMUNE) == {"qcdc": 1, "dvcq": 1, "dvk": 1}
    assert process.default_dates(2026) == {
        "registration_deadline": D(2026, 3, 30),
        "progress_deadline": D(2026, 6, 15),
        "recognition_opens": D(2026, 10, 15),
        "recognition_closes": D(2026, 11, 30),
        "review_report_deadline": D(2026, 11, 30),
    }
    assert process.conference_levels_on(D(2025, 6, 30)) == {"province", "district", "commune"}
    assert process.conference_levels_on(D(2025, 7, 1)) == {"province", "commune"}


def test_a_cycle_keeps_its_version_when_the_province_publishes_another(province, boards):
    old = make_cycle(province, 2026)

    def renamed(data):
        data["kinds"][0]["name"] = "Điểm sáng QCDC (tên mới)"

    version = make_process(province, renamed)
    new = make_cycle(province, 2027)

    assert old.process_id == current_version(None).pk
    assert new.process_id == version.pk
    assert process_of(cycle_id=old.pk).label("qcdc") != "Điểm sáng QCDC (tên mới)"
    assert process_of(cycle_id=new.pk).label("qcdc") == "Điểm sáng QCDC (tên mới)"


def test_a_draft_is_not_the_current_version(province):
    draft = process_load(default_process_data(), province=province, publish=False)

    assert not draft.is_published
    assert current_version(province) != draft


def test_a_lost_default_is_loaded_again_from_its_file(province):
    ProcessVersion.objects.filter(province__isnull=True).delete()  # no cycle uses it here

    version = current_version(province)

    assert version.province_id is None and version.is_published
    assert current_process(province).kind_codes == ("qcdc", "dvcq", "dvk")


# ---------------------------------------------------------------- a period of 16/10–15/10


def _from_mid_october(data):
    data["period_start"] = "16/10"
    data["dates"] = [
        {"field": "registration_deadline", "date": "30/11"},
        {"field": "progress_deadline", "date": "15/05"},
        {"field": "recognition_opens", "date": "01/09"},
        {"field": "recognition_closes", "date": "10/10"},
        {"field": "review_report_deadline", "date": "15/10"},
    ]


def test_a_year_from_mid_october_places_each_date_in_its_period(province, boards):
    make_process(province, _from_mid_october)

    process = current_process(province)

    assert process.period(2026) == (D(2025, 10, 16), D(2026, 10, 15))
    assert process.default_dates(2026) == {
        "registration_deadline": D(2025, 11, 30),
        "progress_deadline": D(2026, 5, 15),
        "recognition_opens": D(2026, 9, 1),
        "recognition_closes": D(2026, 10, 10),
        "review_report_deadline": D(2026, 10, 15),
    }


def test_a_cycle_date_outside_its_period_is_refused_naming_the_period(province, boards):
    make_process(province, _from_mid_october)
    cycle = make_cycle(province, 2026)
    cycle.review_report_deadline = D(2026, 11, 30)

    with pytest.raises(ValidationError) as refused:
        cycle.clean()

    assert "16/10/2025–15/10/2026" in str(refused.value)


def test_plan_activities_may_fall_anywhere_in_a_period_across_two_years(province, commune, boards):
    make_process(province, _from_mid_october)
    cycle = make_cycle(province, 2026)
    officer = make_member(commune, Role.OFFICER)
    fields = {
        "name": "Điểm sáng",
        "address": "Khối 1",
        "kind": "qcdc",
        "officer": officer,
        "criteria_set": make_criteria_set(),
    }
    activity = {"description": "Hội nghị", "start_date": D(2025, 11, 1)}

    with pytest.raises(ValidationError, match="16/10/2025–15/10/2026"):
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields=fields,
            activities=[activity | {"end_date": D(2026, 12, 1)}],
            now=datetime.datetime(2025, 11, 2, tzinfo=datetime.UTC),
        )
    spot = bright_spot_create(
        unit=commune,
        cycle=cycle,
        by=officer,
        fields=fields,
        activities=[activity | {"end_date": D(2026, 10, 15)}],
        now=datetime.datetime(2025, 11, 2, tzinfo=datetime.UTC),
    )

    assert spot.cycle == cycle


# ---------------------------------------------------------------- kinds and minimums


def _agencies_only_model(data):
    data["kinds"].append(
        {
            "code": "gdth",
            "name": "Gương điển hình tiên tiến",
            "document_phrase": "gương điển hình tiên tiến",
            "certificate_title": "Gương điển hình tiên tiến",
            "unit_kinds": [UnitKind.AGENCY],
        }
    )
    data["routes"].append({"kind": "gdth", "board": BoardFunction.MASS_MOBILISATION})
    data["minimums"] = [
        {"kind": "qcdc", "unit_kind": "", "count": 1},
        {"kind": "gdth", "unit_kind": UnitKind.AGENCY, "count": 2},
        {"kind": "qcdc", "unit_kind": UnitKind.AGENCY, "count": 0},
    ]


def test_a_kind_only_some_units_register_is_refused_to_the_others(province, commune, boards):
    criteria_set = make_criteria_set(kinds=["qcdc", "dvcq", "dvk", "gdth"])
    make_process(province, _agencies_only_model)
    cycle = make_cycle(province, 2026)
    officer = make_member(commune, Role.OFFICER)

    with pytest.raises(ValidationError, match="không đăng ký loại điểm sáng này"):
        bright_spot_create(
            unit=commune,
            cycle=cycle,
            by=officer,
            fields={
                "name": "Gương",
                "address": "Khối 1",
                "kind": "gdth",
                "officer": officer,
                "criteria_set": criteria_set,
            },
            activities=[
                {"description": "Họp", "start_date": D(2026, 3, 1), "end_date": D(2026, 3, 2)}
            ],
            now=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        )


def test_the_minimum_follows_the_kind_of_unit(province, commune, boards):
    make_criteria_set(kinds=["gdth"])
    make_process(province, _agencies_only_model)
    process = process_of(cycle=make_cycle(province, 2026))
    agency = make_unit("Sở Tư pháp", parent=province, kind=UnitKind.AGENCY)

    commune_counts = KindCounts(process, commune.kind, {"qcdc": 1})
    agency_counts = KindCounts(process, agency.kind, {"gdth": 1})

    assert commune_counts.meets_minimum
    assert not agency_counts.meets_minimum
    assert agency_counts.missing == ["gdth"]
    assert agency_counts.rows == [("Gương điển hình tiên tiến", 1, 2)]


# ---------------------------------------------------------------- what publishing refuses


def _problems(province, change) -> list[str]:
    data = default_process_data()
    cover_kinds(data)
    change(data)
    return version_problems(process_load(data, province=province, publish=False))


def test_a_kind_without_a_route_is_refused_by_name(province, boards):
    def unrouted(data):
        data["routes"] = [r for r in data["routes"] if r["kind"] != "dvk"]

    assert _problems(province, unrouted) == [
        "Loại “Mô hình “Dân vận khéo”” chưa có tuyến gửi: danh sách loại này sẽ không đến Ban nào."
    ]


def test_a_kind_no_criteria_set_covers_is_refused(province, boards):
    def new_kind(data):
        _agencies_only_model(data)

    assert _problems(province, new_kind) == [
        "Chưa có bộ tiêu chí đang dùng nào áp dụng cho loại “Gương điển hình tiên tiến”: "
        "cần thêm bộ tiêu chí trước."
    ]


def test_a_route_or_minimum_naming_no_kind_and_a_missing_board_are_refused(province, boards):
    boards["noi_vu"].delete()

    def broken(data):
        data["routes"].append({"kind": "xyz", "board": BoardFunction.MASS_MOBILISATION})
        data["minimums"].append({"kind": "abc", "unit_kind": "", "count": 1})

    problems = _problems(province, broken)

    assert len(problems) == 4
    assert "“xyz”" in problems[0] and "“abc”" in problems[1]
    # The DVCQ list passes through Sở Nội vụ, and the review report goes to it.
    assert all("Sở / Phòng Nội vụ" in p and "Tỉnh Nghệ An" in p for p in problems[2:])


def test_a_missing_date_is_refused_by_name(province, boards):
    def no_progress(data):
        data["dates"] = [d for d in data["dates"] if d["field"] != "progress_deadline"]

    assert _problems(province, no_progress) == [
        "Ngày “hạn cập nhật tiến độ 6 tháng” chưa có ngày mặc định."
    ]


def test_a_window_closing_before_it_opens_is_refused(province, boards):
    def reversed_window(data):
        for row in data["dates"]:
            if row["field"] == "recognition_closes":
                row["date"] = "01/10"

    problems = _problems(province, reversed_window)

    assert len(problems) == 1
    assert "01/10" in problems[0] and "15/10" in problems[0]


def test_publishing_a_broken_version_raises(province, boards):
    data = default_process_data()
    data["routes"] = []

    with pytest.raises(ValueError, match="tuyến gửi"):
        process_load(data, province=province)
    assert current_version(province).province_id is None


# ---------------------------------------------------------------- reminders


def test_reminders_go_out_on_the_days_the_process_sets(province, commune, boards):
    def ten_and_three(data):
        for row in data["dates"]:
            if row["field"] == "registration_deadline":
                row["date"], row["reminder_days"] = "20/04", [10, 3]

    make_process(province, ten_and_three)
    make_member(commune, Role.LEADER)
    cycle = make_cycle(province, 2026)
    assert cycle.registration_deadline == D(2026, 4, 20)

    def registration_offsets(today):
        return {
            d.offset_days
            for d in reminder_plan(today=today)
            if d.cycle == cycle and d.deadline == "registration" and d.recipients
        }

    assert registration_offsets(D(2026, 4, 6)) == set()  # 14 days before: not this process
    assert registration_offsets(D(2026, 4, 10)) == {10}
    assert registration_offsets(D(2026, 4, 17)) == {3}


def test_a_new_cycle_takes_the_provinces_default_dates(province, boards):
    make_process(province, _from_mid_october)

    cycle = Cycle.objects.create(
        province=province, year=2027, **current_process(province).default_dates(2027)
    )

    assert cycle.registration_deadline == D(2026, 11, 30)
    assert cycle.process == current_version(province)

"""Changing a province's process: the draft (started once, a copy of the version in
force), each section's edits and refusals, publishing (checked, pinning only the
years opened afterwards) and discarding."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted
from apps.cycles import process_services as services
from apps.cycles.enums import DATE_FIELDS, RouteLevel
from apps.cycles.models import (
    ProcessConferenceLevel,
    ProcessKind,
    ProcessMinimum,
    ProcessRoute,
    ProcessVersion,
)
from apps.cycles.process import current_version, process_of, version_problems
from apps.units.enums import BoardFunction, UnitLevel
from tests.brightspots.factories import ALL_KINDS, make_bright_spot, make_criteria_set
from tests.cycles.factories import make_cycle, make_process
from tests.factories import make_member

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 2, 3, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
D = datetime.date
GDTH = {
    "code": "gdth",
    "name": "Gương điển hình tiên tiến",
    "document_phrase": "gương điển hình tiên tiến",
    "certificate_title": "Gương điển hình tiên tiến",
    "unit_kinds": [],
}


@pytest.fixture
def draft(province, province_admin):
    return services.process_draft_start(province=province, by=province_admin, now=AT)


def _messages(refused) -> list[str]:
    return refused.value.messages


def _kind(draft, code) -> ProcessKind:
    return draft.kinds.get(code=code)


# ---------------------------------------------------------------- the draft


def test_the_draft_is_a_copy_of_the_version_in_force(province, province_admin):
    default = current_version(province)

    draft = services.process_draft_start(province=province, by=province_admin, now=AT)

    assert (draft.province, draft.number, draft.is_published) == (province, 1, False)
    assert draft.title == default.title
    for related in services.VERSION_ROWS:
        assert getattr(draft, related).count() == getattr(default, related).count() > 0
    assert list(draft.kinds.values_list("code", flat=True)) == ["qcdc", "dvcq", "dvk"]
    assert draft.deadlines.get(field="registration_deadline").year_dates == {"2022": "15/06"}
    event = AuditEvent.objects.get(action="process_draft_start")
    assert (event.actor, event.created_at, event.object_id) == (
        province_admin,
        AT,
        str(province.pk),
    )


def test_starting_twice_returns_the_same_draft(province, province_admin):
    first = services.process_draft_start(province=province, by=province_admin)
    second = services.process_draft_start(province=province, by=province_admin)

    assert first == second
    assert ProcessVersion.objects.filter(province=province).count() == 1
    assert AuditEvent.objects.filter(action="process_draft_start").count() == 1


def test_a_draft_is_numbered_after_the_provinces_last_version(province, province_admin, boards):
    make_criteria_set(kinds=ALL_KINDS)
    published = make_process(province)

    draft = services.process_draft_start(province=province, by=province_admin)

    assert (published.number, draft.number) == (1, 2)


@pytest.mark.parametrize(
    ("service", "arguments"),
    [
        (services.process_draft_start, {}),
        (services.process_kind_add, GDTH),
        (services.process_dates_set, {"dates": {}, "reminders": {}}),
        (services.process_publish, {"note": "Theo văn bản mới"}),
        (services.process_discard, {}),
    ],
)
def test_only_the_provinces_administrator_changes_its_process(
    service, arguments, draft, province, leader, other_province
):
    outsider = make_member(other_province, Role.ADMIN)

    for user in (leader, outsider):
        with pytest.raises(NotPermitted, match="Chỉ quản trị viên của tỉnh"):
            service(province=province, by=user, **arguments)

    assert ProcessVersion.objects.get(province=province) == draft
    assert not draft.kinds.filter(code="gdth").exists()


def test_an_edit_without_a_draft_is_refused(province, province_admin):
    with pytest.raises(ValidationError) as refused:
        services.process_kind_add(province=province, by=province_admin, **GDTH)

    assert _messages(refused) == [
        "Tỉnh Nghệ An chưa có bản nháp quy trình: bạn hãy tạo bản nháp trước."
    ]


def test_a_row_of_a_published_version_is_never_changed(province, province_admin, boards):
    make_criteria_set(kinds=ALL_KINDS)
    published = make_process(province)
    services.process_draft_start(province=province, by=province_admin)
    old = _kind(published, "qcdc")

    with pytest.raises(ValidationError) as refused:
        services.process_kind_change(
            province=province, by=province_admin, kind_id=old.pk, **{**GDTH, "code": "qcdc"}
        )
    with pytest.raises(ValidationError):
        services.process_kind_delete(province=province, by=province_admin, kind_id=old.pk)

    assert _messages(refused) == [
        "Phiên bản đã ban hành không thay đổi được: bạn hãy sửa bản nháp rồi ban hành."
    ]
    old.refresh_from_db()
    assert old.name == "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở (QCDC)"


def test_the_name_and_period_are_checked(draft, province, province_admin):
    with pytest.raises(ValidationError) as refused:
        services.process_draft_change(
            province=province,
            by=province_admin,
            title=" ",
            period_start=(30, 2),
            review_report_to=[],
        )

    assert refused.value.message_dict == {
        "title": ["Bạn hãy đặt tên cho phiên bản."],
        "period_start": ["30/02 không phải là ngày có trong mọi năm."],
    }


def test_the_name_and_period_are_saved(draft, province, province_admin):
    services.process_draft_change(
        province=province,
        by=province_admin,
        title="Hướng dẫn 02-HD/BDVTU",
        period_start=(16, 10),
        review_report_to=[BoardFunction.MASS_MOBILISATION],
        now=AT,
    )

    draft.refresh_from_db()
    assert (draft.title, draft.period_start_day, draft.period_start_month) == (
        "Hướng dẫn 02-HD/BDVTU",
        16,
        10,
    )
    assert draft.review_report_to == ["ban_dan_van"]
    changes = AuditEvent.objects.get(action="process_draft_change").data["changes"]
    assert changes["period_start"] == ["01/01", "16/10"]


# ---------------------------------------------------------------- kinds


def test_a_kind_is_added_once_after_the_others(draft, province, province_admin):
    first = services.process_kind_add(province=province, by=province_admin, **GDTH)
    again = services.process_kind_add(province=province, by=province_admin, **GDTH)

    assert first == again
    assert list(draft.kinds.values_list("code", flat=True)) == ["qcdc", "dvcq", "dvk", "gdth"]
    assert AuditEvent.objects.filter(action="process_kind_add").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"code": "GĐTH"},
            "code",
            "Mã gồm 1 đến 8 chữ cái Latinh thường hoặc chữ số, ví dụ qcdc.",
        ),
        (
            {"code": "toolongcode"},
            "code",
            "Mã gồm 1 đến 8 chữ cái Latinh thường hoặc chữ số, ví dụ qcdc.",
        ),
        ({"code": "dvk"}, "code", "Bản nháp đã có loại điểm sáng mã “dvk”."),
        ({"name": ""}, "name", "Bạn hãy nhập tên loại điểm sáng."),
        (
            {"document_phrase": " "},
            "document_phrase",
            "Bạn hãy nhập cụm từ dùng trong trích yếu quyết định.",
        ),
        (
            {"certificate_title": ""},
            "certificate_title",
            "Bạn hãy nhập tiêu đề in trên giấy công nhận.",
        ),
        ({"unit_kinds": ["planet"]}, "unit_kinds", "Bạn hãy chọn loại đơn vị trong danh sách."),
    ],
)
def test_a_kind_is_refused_with_the_reason(
    draft, province, province_admin, changes, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.process_kind_add(province=province, by=province_admin, **{**GDTH, **changes})

    assert refused.value.message_dict == {field: [message]}
    assert not draft.kinds.filter(name=GDTH["name"]).exists()


def test_a_new_code_carries_the_route_and_minimum_along(draft, province, province_admin):
    dvk = _kind(draft, "dvk")

    services.process_kind_change(
        province=province, by=province_admin, kind_id=dvk.pk, **{**GDTH, "code": "dvkheo"}
    )

    assert ProcessRoute.objects.get(version=draft, kind="dvkheo").board == "ban_dan_van"
    assert ProcessMinimum.objects.get(version=draft, kind="dvkheo").count == 1
    assert not ProcessRoute.objects.filter(version=draft, kind="dvk").exists()


def test_a_code_bright_spots_use_never_changes(draft, province, province_admin, commune):
    make_bright_spot(commune, cycle=make_cycle(province, 2026), kind="dvk")
    dvk = _kind(draft, "dvk")

    with pytest.raises(ValidationError) as refused:
        services.process_kind_change(
            province=province, by=province_admin, kind_id=dvk.pk, **{**GDTH, "code": "gdth"}
        )
    services.process_kind_change(
        province=province, by=province_admin, kind_id=dvk.pk, **{**GDTH, "code": "dvk"}
    )

    assert refused.value.message_dict == {
        "code": ["Đã có điểm sáng của tỉnh dùng mã “dvk”: không thể đổi mã này nữa."]
    }
    assert _kind(draft, "dvk").name == "Gương điển hình tiên tiến"


def test_deleting_a_kind_deletes_its_route_and_minimum(draft, province, province_admin):
    dvk = _kind(draft, "dvk")

    services.process_kind_delete(province=province, by=province_admin, kind_id=dvk.pk)
    services.process_kind_delete(province=province, by=province_admin, kind_id=dvk.pk)

    assert list(draft.kinds.values_list("code", flat=True)) == ["qcdc", "dvcq"]
    assert not ProcessRoute.objects.filter(version=draft, kind="dvk").exists()
    assert not ProcessMinimum.objects.filter(version=draft, kind="dvk").exists()
    assert AuditEvent.objects.filter(action="process_kind_delete").count() == 1


# ---------------------------------------------------------------- routes and minimum


def _route(province, by, kind, **changes):
    values = {"board": "ban_dan_van", "via": "", "copy_to": "", "level": RouteLevel.PROVINCE}
    return services.process_route_set(
        province=province, by=by, kind_id=kind.pk, **{**values, **changes}
    )


def test_a_route_is_set(draft, province, province_admin):
    qcdc = _kind(draft, "qcdc")

    _route(province, province_admin, qcdc, copy_to="noi_vu", level=RouteLevel.NEAREST)

    route = ProcessRoute.objects.get(version=draft, kind="qcdc")
    assert (route.board, route.via, route.copy_to, route.level) == (
        "ban_dan_van",
        "",
        "noi_vu",
        "nearest",
    )
    event = AuditEvent.objects.get(action="process_route_set")
    assert event.data["route"][0]["board"] == "bcd_qcdc"


def test_a_route_through_or_copied_to_its_own_board_is_refused(draft, province, province_admin):
    qcdc = _kind(draft, "qcdc")

    with pytest.raises(ValidationError) as refused:
        _route(province, province_admin, qcdc, via="ban_dan_van", copy_to="ban_dan_van")

    assert refused.value.message_dict == {
        "via": ["Danh sách không thể gửi qua chính Ban nhận danh sách."],
        "copy_to": ["Ban nhận danh sách không cần nhận thêm bản sao."],
    }


def test_a_route_without_a_board_is_refused(draft, province, province_admin):
    with pytest.raises(ValidationError) as refused:
        _route(province, province_admin, _kind(draft, "qcdc"), board="")

    assert refused.value.message_dict == {"board": ["Bạn hãy chọn Ban nhận danh sách."]}


def test_a_minimum_is_set_then_changed_not_doubled(draft, province, province_admin):
    for count in (2, 3, 3):
        services.process_minimum_set(
            province=province, by=province_admin, kind="qcdc", unit_kind="agency", count=count
        )

    row = ProcessMinimum.objects.get(version=draft, unit_kind="agency")
    assert (row.kind, row.count) == ("qcdc", 3)
    assert AuditEvent.objects.filter(action="process_minimum_set").count() == 2


def test_a_minimum_is_refused_with_the_reason(draft, province, province_admin):
    with pytest.raises(ValidationError) as negative:
        services.process_minimum_set(
            province=province, by=province_admin, kind="qcdc", unit_kind="", count=-1
        )
    with pytest.raises(ValidationError) as unknown:
        services.process_minimum_set(
            province=province, by=province_admin, kind="gdth", unit_kind="", count=1
        )

    assert negative.value.message_dict == {
        "count": ["Chỉ tiêu tối thiểu là số nguyên từ 0 đến 99."]
    }
    assert unknown.value.message_dict == {"kind": ["Bạn hãy chọn một loại điểm sáng của bản nháp."]}


def test_a_minimum_row_is_deleted(draft, province, province_admin):
    row = draft.minimums.get(kind="dvk")

    services.process_minimum_delete(province=province, by=province_admin, minimum_id=row.pk)

    assert list(draft.minimums.values_list("kind", flat=True)) == ["dvcq", "qcdc"]


# ---------------------------------------------------------------- dates


def _dates(**changes):
    days = {field: (15, 11) for field in DATE_FIELDS}
    return {**days, "registration_deadline": (20, 4), "progress_deadline": (15, 6), **changes}


def test_dates_and_reminders_are_set_keeping_the_dates_of_given_years(
    draft, province, province_admin
):
    services.process_dates_set(
        province=province,
        by=province_admin,
        dates=_dates(),
        reminders={"registration_deadline": [3, 10, 3]},
    )

    row = draft.deadlines.get(field="registration_deadline")
    assert (row.day, row.month, row.reminder_days, row.year_dates) == (
        20,
        4,
        [10, 3],
        {"2022": "15/06"},
    )
    changes = AuditEvent.objects.get(action="process_dates_set").data["changes"]
    assert changes["registration_deadline"] == [["30/03", []], ["20/04", [10, 3]]]


def test_a_date_no_year_has_and_a_reminder_of_zero_days_are_refused(
    draft, province, province_admin
):
    with pytest.raises(ValidationError) as refused:
        services.process_dates_set(
            province=province,
            by=province_admin,
            dates=_dates(progress_deadline=(31, 6)),
            reminders={"recognition_opens": [7, 0]},
        )

    assert refused.value.message_dict == {
        "progress_deadline": ["31/06 không phải là ngày có trong mọi năm."],
        "recognition_opens_reminders": ["Nhắc hạn được gửi trước mốc từ 1 đến 365 ngày."],
    }


# ---------------------------------------------------------------- conference levels


def test_a_conference_level_is_added_once(draft, province, province_admin):
    for _twice in range(2):
        services.process_conference_level_add(
            province=province,
            by=province_admin,
            level=UnitLevel.UNIT,
            valid_from=D(2026, 1, 1),
            valid_until=None,
        )

    assert draft.conference_levels.filter(level="unit").count() == 1


def test_a_period_ending_before_it_starts_or_overlapping_is_refused(
    draft, province, province_admin
):
    with pytest.raises(ValidationError) as reversed_period:
        services.process_conference_level_add(
            province=province,
            by=province_admin,
            level=UnitLevel.UNIT,
            valid_from=D(2026, 1, 1),
            valid_until=D(2025, 1, 1),
        )
    with pytest.raises(ValidationError) as overlapping:
        services.process_conference_level_add(
            province=province,
            by=province_admin,
            level=UnitLevel.DISTRICT,
            valid_from=D(2025, 1, 1),
            valid_until=None,
        )

    assert reversed_period.value.message_dict == {
        "valid_until": ["Thời gian kết thúc không thể trước thời gian bắt đầu."]
    }
    assert _messages(overlapping) == [
        "“Cấp huyện” đã tổ chức hội nghị biểu dương trong một phần thời gian này."
    ]


def test_a_conference_level_is_deleted(draft, province, province_admin):
    district = draft.conference_levels.get(level="district")

    services.process_conference_level_delete(
        province=province, by=province_admin, level_id=district.pk
    )

    assert not ProcessConferenceLevel.objects.filter(pk=district.pk).exists()


# ---------------------------------------------------------------- publishing


def test_publishing_is_refused_with_every_problem(draft, province, province_admin, boards):
    make_criteria_set(kinds=ALL_KINDS)
    boards["noi_vu"].delete()
    services.process_kind_add(province=province, by=province_admin, **GDTH)

    with pytest.raises(ValidationError) as refused:
        services.process_publish(province=province, by=province_admin, note="Thêm loại mới")

    assert _messages(refused) == version_problems(draft)
    assert len(_messages(refused)) == 4  # no route, no criteria, Sở Nội vụ twice
    assert "“Gương điển hình tiên tiến”" in _messages(refused)[0]
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_needs_a_note(draft, province, province_admin):
    with pytest.raises(ValidationError) as refused:
        services.process_publish(province=province, by=province_admin, note="  ")

    assert refused.value.message_dict == {
        "note": ["Bạn hãy ghi rõ thay đổi gì và vì sao (nội dung được lưu lại)."]
    }


def test_publishing_pins_the_years_opened_afterwards_only(draft, province, province_admin, boards):
    make_criteria_set(kinds=ALL_KINDS)
    old = make_cycle(province, 2026)
    services.process_kind_change(
        province=province,
        by=province_admin,
        kind_id=_kind(draft, "dvk").pk,
        **{**GDTH, "code": "dvk", "name": "Dân vận khéo (tên mới)"},
    )

    published = services.process_publish(
        province=province, by=province_admin, note="Đổi tên theo Hướng dẫn mới", now=AT
    )
    new = make_cycle(province, 2027)

    assert (published.published_at, published.published_by) == (AT, province_admin)
    assert published.note == "Đổi tên theo Hướng dẫn mới"
    assert current_version(province) == published
    assert process_of(cycle_id=old.pk).label("dvk") == "Mô hình “Dân vận khéo”"
    assert process_of(cycle_id=new.pk).label("dvk") == "Dân vận khéo (tên mới)"
    event = AuditEvent.objects.get(action="process_publish")
    assert (event.comment, event.data) == ("Đổi tên theo Hướng dẫn mới", {"version": 1})


def test_a_published_version_is_no_longer_edited(draft, province, province_admin, boards):
    make_criteria_set(kinds=ALL_KINDS)
    services.process_publish(province=province, by=province_admin, note="Bản đầu tiên")

    with pytest.raises(ValidationError, match="chưa có bản nháp"):
        services.process_kind_add(province=province, by=province_admin, **GDTH)
    services.process_draft_start(province=province, by=province_admin)
    with pytest.raises(ValidationError) as refused:
        services.process_minimum_delete(
            province=province, by=province_admin, minimum_id=draft.minimums.first().pk
        )

    assert _messages(refused) == [
        "Phiên bản đã ban hành không thay đổi được: bạn hãy sửa bản nháp rồi ban hành."
    ]
    assert draft.minimums.count() == 3


def test_discarding_deletes_the_draft_and_keeps_the_version_in_force(
    draft, province, province_admin
):
    services.process_discard(province=province, by=province_admin, now=AT)

    assert not ProcessVersion.objects.filter(pk=draft.pk).exists()
    assert current_version(province).province_id is None
    assert AuditEvent.objects.get(action="process_discard").data == {"version": 1}

"""The province's process page: who may use it, a draft changed and published through
its forms, errors shown keeping the input, its query count, and a province whose
process (kinds, routes, dates) is set entirely on it running a year."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.brightspots.models import BrightSpot, RegistrationRouting
from apps.cycles import process_services as services
from apps.cycles.models import Cycle, ProcessVersion
from apps.cycles.process import current_version, process_of, version_problems
from apps.reminders.selectors import reminder_plan
from apps.units.enums import BoardFunction
from tests.access import assert_audited, assert_success, check_access
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import ALL_KINDS, make_criteria_set
from tests.conftest import client_for
from tests.cycles.factories import make_cycle
from tests.factories import make_member
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

D = datetime.date
GDTH = {
    "code": "gdth",
    "name": "Gương điển hình tiên tiến",
    "document_phrase": "gương điển hình tiên tiến",
    "certificate_title": "Gương điển hình tiên tiến",
}
DATES = {
    "registration_deadline": ("20/04", "10, 3"),
    "progress_deadline": ("15/06", ""),
    "recognition_opens": ("15/10", ""),
    "recognition_closes": ("30/11", ""),
    "review_report_deadline": ("30/11", "14, 7"),
}


def _url(name: str, province, *args) -> str:
    return reverse(f"cycles:{name}", args=[province.pk, *args])


def _prefixed(prefix: str, values: dict) -> dict:
    return {f"{prefix}-{name}": value for name, value in values.items()}


def _dates_data() -> dict:
    data = {}
    for field, (day, reminders) in DATES.items():
        data[f"dates-{field}"] = day
        data[f"dates-{field}_reminders"] = reminders
    return data


def _draft(province):
    admin = province.memberships.filter(role=Role.ADMIN).first().user
    return services.process_draft_start(province=province, by=admin)


@pytest.fixture
def ready(boards):
    """The province's boards and criteria sets covering Nghệ An's kinds and gdth."""
    make_criteria_set(kinds=[*ALL_KINDS, "gdth"])
    return boards


# ---------------------------------------------------------------- who may use the page


def _done(province, action: str, check):
    """The effect of an allowed request: ``check(obj)``, audited on the province, and
    the page says it was done."""

    def effect(obj, by, response):
        check(obj)
        assert_audited(province, action, by=by)
        assert_success(response)

    return effect


def _gone(row):
    assert not type(row).objects.filter(pk=row.pk).exists()


def _post_access(personas, name, *, action, check, args=(), data=None, fresh=None):
    """Only the province's own administrator may post ``name``; it does ``check``."""
    province = personas.province
    check_access(
        personas,
        "post",
        lambda obj: _url(name, province, *args(obj)) if callable(args) else _url(name, province),
        allowed={"admin"},
        allowed_status=302,
        data=data,
        fresh=fresh or (lambda: _draft(province)),
        effect=_done(province, action, check),
    )


def test_the_page_is_the_provinces_administrators(personas):
    check_access(personas, "get", _url("process", personas.province), allowed={"admin"})


def test_starting_a_draft_is_the_provinces_administrators(personas):
    province = personas.province

    _post_access(
        personas,
        "process_draft_start",
        action="process_draft_start",
        check=lambda _nothing: ProcessVersion.objects.get(province=province, published_at=None),
        fresh=lambda: None,
    )


def test_changing_the_draft_is_the_provinces_administrators(personas):
    general = {"title": "Hướng dẫn mới", "period_start": "16/10", "review_report_to": "noi_vu"}

    def renamed(draft):
        draft.refresh_from_db()
        assert (draft.title, draft.period_start_day, draft.review_report_to) == (
            "Hướng dẫn mới",
            16,
            ["noi_vu"],
        )

    _post_access(
        personas,
        "process_draft_change",
        action="process_draft_change",
        check=renamed,
        data=_prefixed("general", general),
    )


def _dvk(personas):
    return lambda: _draft(personas.province).kinds.get(code="dvk")


def test_adding_a_kind_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_kind_add",
        action="process_kind_add",
        check=lambda draft: draft.kinds.get(code="gdth"),
        data=_prefixed("kind", GDTH),
    )


def test_changing_a_kind_is_the_provinces_administrators(personas):
    def renamed(kind):
        kind.refresh_from_db()
        assert kind.name == "Gương điển hình tiên tiến"

    _post_access(
        personas,
        "process_kind_change",
        action="process_kind_change",
        check=renamed,
        args=lambda kind: [kind.pk],
        data=lambda kind: _prefixed(f"kind-{kind.pk}", {**GDTH, "code": "dvk"}),
        fresh=_dvk(personas),
    )


def test_deleting_a_kind_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_kind_delete",
        action="process_kind_delete",
        check=_gone,
        args=lambda kind: [kind.pk],
        fresh=_dvk(personas),
    )


def test_setting_a_route_is_the_provinces_administrators(personas):
    route = {"board": "ban_dan_van", "via": "", "copy_to": "noi_vu", "level": "province"}

    def routed(kind):
        assert kind.version.routes.get(kind=kind.code).copy_to == "noi_vu"

    _post_access(
        personas,
        "process_route_set",
        action="process_route_set",
        check=routed,
        args=lambda kind: [kind.pk],
        data=lambda kind: _prefixed(f"route-{kind.pk}", route),
        fresh=_dvk(personas),
    )


def test_setting_a_minimum_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_minimum_set",
        action="process_minimum_set",
        check=lambda draft: draft.minimums.get(kind="qcdc", unit_kind="agency", count=2),
        data=_prefixed("minimum", {"kind": "qcdc", "unit_kind": "agency", "count": "2"}),
    )


def test_deleting_a_minimum_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_minimum_delete",
        action="process_minimum_delete",
        check=_gone,
        args=lambda row: [row.pk],
        fresh=lambda: _draft(personas.province).minimums.get(kind="dvk"),
    )


def test_setting_the_dates_is_the_provinces_administrators(personas):
    def dated(draft):
        row = draft.deadlines.get(field="registration_deadline")
        assert (row.day, row.month, row.reminder_days) == (20, 4, [10, 3])

    _post_access(
        personas, "process_dates_set", action="process_dates_set", check=dated, data=_dates_data()
    )


def test_adding_a_conference_level_is_the_provinces_administrators(personas):
    level = {"level": "unit", "valid_from": "01/01/2026", "valid_until": ""}

    _post_access(
        personas,
        "process_conference_add",
        action="process_conference_level_add",
        check=lambda draft: draft.conference_levels.get(level="unit", valid_from=D(2026, 1, 1)),
        data=_prefixed("conference", level),
    )


def test_deleting_a_conference_level_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_conference_delete",
        action="process_conference_level_delete",
        check=_gone,
        args=lambda row: [row.pk],
        fresh=lambda: _draft(personas.province).conference_levels.get(level="district"),
    )


def test_publishing_is_the_provinces_administrators(personas, ready):
    def published(draft):
        draft.refresh_from_db()
        assert draft.is_published
        assert current_version(personas.province) == draft

    _post_access(
        personas,
        "process_publish",
        action="process_publish",
        check=published,
        data={"publish-note": "Theo Hướng dẫn mới", "publish-confirm": "on"},
    )


def test_discarding_is_the_provinces_administrators(personas):
    _post_access(
        personas,
        "process_discard",
        action="process_discard",
        check=_gone,
        data={"discard-confirm": "on"},
    )


# ---------------------------------------------------------------- the page


def _text(response) -> str:
    """The page's text without tags, its white space collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def _error_summary(response) -> str:
    page = response.content.decode()
    start = page.index('class="error-summary"')
    return " ".join(strip_tags(page[start : page.index("</div>", start)]).split())


def test_a_draft_is_changed_and_published_through_the_forms(province, province_admin, ready):
    client = client_for(province_admin)
    before = _text(client.get(_url("process", province)))
    client.post(_url("process_draft_start", province))
    draft = ProcessVersion.objects.get(province=province, published_at=None)
    dvk = draft.kinds.get(code="dvk")
    kind = {**GDTH, "code": "dvk", "unit_kinds": "commune"}
    route = {"board": "ban_dan_van", "via": "noi_vu", "copy_to": "", "level": "province"}
    steps = [
        (
            "process_draft_change",
            [],
            _prefixed("general", {"title": "HD 02", "period_start": "01/01"}),
        ),
        ("process_kind_change", [dvk.pk], _prefixed(f"kind-{dvk.pk}", kind)),
        ("process_route_set", [dvk.pk], _prefixed(f"route-{dvk.pk}", route)),
        ("process_minimum_set", [], _prefixed("minimum", {"kind": "dvk", "count": "2"})),
        ("process_dates_set", [], _dates_data()),
        (
            "process_conference_add",
            [],
            _prefixed("conference", {"level": "unit", "valid_from": "01/07/2025"}),
        ),
    ]

    answers = [client.post(_url(name, province, *args), data) for name, args, data in steps]
    changed = _text(client.get(_url("process", province)))
    response = client.post(
        _url("process_publish", province),
        {"publish-note": "Đổi mô hình Dân vận khéo theo HD 02", "publish-confirm": "on"},
        follow=True,
    )

    assert "Đang áp dụng: quy trình mặc định của cổng" in before
    assert [answer.status_code for answer in answers] == [302] * len(steps)
    assert "Bản nháp có thể ban hành." in changed
    assert "Gương điển hình tiên tiến (dvk)" in changed
    assert "Ban Dân vận ← qua Sở / Phòng Nội vụ" in changed
    published = _text(response)
    assert "Đã ban hành bản nháp: các năm mở từ nay áp dụng phiên bản này." in published
    assert "Đang áp dụng: phiên bản 1" in published
    assert "Đổi mô hình Dân vận khéo theo HD 02" in published
    process = process_of(cycle=make_cycle(province, 2026))
    assert process.label("dvk") == "Gương điển hình tiên tiến"
    assert process.kind("dvk").unit_kinds == ("commune",)
    assert process.minimum("commune")["dvk"] == 2
    assert process.reminder_days("registration_deadline") == (3, 10)
    assert process.conference_levels_on(D(2026, 1, 1)) == {"province", "commune", "unit"}


def test_a_form_with_errors_keeps_the_input_and_lists_the_errors(province, province_admin):
    draft = _draft(province)
    dvk = draft.kinds.get(code="dvk")
    data = _prefixed(f"kind-{dvk.pk}", {**GDTH, "code": "GĐTH"})

    response = client_for(province_admin).post(_url("process_kind_change", province, dvk.pk), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "Mã gồm 1 đến 8 chữ cái Latinh thường hoặc chữ số, ví dụ qcdc." in page
    assert 'value="GĐTH"' in page
    assert f'href="#id_kind-{dvk.pk}-code"' in page
    assert draft.kinds.get(pk=dvk.pk).code == "dvk"


def test_publishing_needs_the_confirmation_and_lists_every_problem(province, province_admin):
    _draft(province)  # no boards, no criteria set: it cannot work
    client = client_for(province_admin)

    unconfirmed = client.post(_url("process_publish", province), {"publish-note": "Bản mới"})
    confirmed = client.post(
        _url("process_publish", province), {"publish-note": "Bản mới", "publish-confirm": "on"}
    )

    assert "Trường này là bắt buộc." in _error_summary(unconfirmed)
    summary = _error_summary(confirmed)
    problems = version_problems(ProcessVersion.objects.get(province=province))
    assert len(problems) > 3
    for problem in problems:
        assert " ".join(str(problem).split()) in summary
    assert "Bản mới" in confirmed.content.decode()  # the note is kept
    assert current_version(province).province_id is None


def _kinds(province, by, count):
    for number in range(count):
        kind = services.process_kind_add(
            province=province,
            by=by,
            **{**GDTH, "code": f"k{number}", "name": f"Loại {number}", "unit_kinds": []},
        )
        services.process_route_set(
            province=province,
            by=by,
            kind_id=kind.pk,
            board="ban_dan_van",
            via="",
            copy_to="noi_vu",
            level="province",
        )
        services.process_minimum_set(
            province=province, by=by, kind=kind.code, unit_kind="", count=1
        )


def test_the_page_costs_the_same_queries_with_many_kinds(province, province_admin, ready):
    client = client_for(province_admin)
    _draft(province)
    url = _url("process", province)
    few = page_queries(client, url)

    _kinds(province, province_admin, 12)

    assert page_queries(client, url) == few


# ---------------------------------------------------------------- a province's own process


def _set_up_on_the_page(client, province) -> ProcessVersion:
    """As the province's administrator: a draft whose only kind is gdth, its lists to
    the Ban Dân vận through nobody, the list due 20/04 with reminders 10 and 3 days
    before; then published. Every change through the page's forms."""
    client.post(_url("process_draft_start", province))
    draft = ProcessVersion.objects.get(province=province, published_at=None)
    for kind in list(draft.kinds.all()):
        client.post(_url("process_kind_delete", province, kind.pk))
    client.post(_url("process_kind_add", province), _prefixed("kind", GDTH))
    gdth = draft.kinds.get(code="gdth")
    route = {"board": BoardFunction.MASS_MOBILISATION, "via": "", "level": "province"}
    client.post(_url("process_route_set", province, gdth.pk), _prefixed(f"route-{gdth.pk}", route))
    client.post(
        _url("process_minimum_set", province), _prefixed("minimum", {"kind": "gdth", "count": "1"})
    )
    client.post(_url("process_dates_set", province), _dates_data())
    response = client.post(
        _url("process_publish", province),
        {"publish-note": "Gương điển hình tiên tiến thay ba loại cũ", "publish-confirm": "on"},
        follow=True,
    )
    assert "Đã ban hành bản nháp" in _text(response), _text(response)
    draft.refresh_from_db()
    return draft


def _spot_data(officer, criteria_set) -> dict:
    return {
        "kind": "gdth",
        "name": "Tổ dân phố gương mẫu",
        "address": "Khối 3, phường Vinh Phú",
        "field_of_work": "Văn hóa",
        "goals": "Nêu gương",
        "officer": officer.pk,
        "criteria_set": criteria_set.pk,
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "40",
        "activities-0-description": "Họp dân",
        "activities-0-start_date": "05/03/2026",
        "activities-0-end_date": "30/04/2026",
    }


def test_a_process_set_on_the_page_runs_a_year(
    province, province_admin, boards, commune, other_commune
):
    """Registration of the new kind, its list routed straight to the Ban Dân vận,
    acknowledged there, and a unit that has not sent its list reminded 3 days before
    the province's own date."""
    criteria_set = make_criteria_set(kinds=["gdth"], code="gdth-set")
    officer = make_member(commune, Role.OFFICER)
    leader = make_member(commune, Role.LEADER)
    make_member(other_commune, Role.LEADER)
    board_member = make_member(boards["ban_dan_van"], Role.STEERING)
    admin = client_for(province_admin)
    with at_local(2026, 1, 5):
        version = _set_up_on_the_page(admin, province)
        opened = admin.post(reverse("cycles:create"), {"province": province.pk, "year": 2026})
    cycle = Cycle.objects.get(province=province, year=2026)
    create_url = reverse("brightspots:create", args=[commune.pk]) + "?year=2026"

    with at_local(2026, 3, 1):
        form = client_for(officer).get(create_url).content.decode()
        created = client_for(officer).post(create_url, _spot_data(officer, criteria_set))
        spot = BrightSpot.objects.get(unit=commune)
        sent = client_for(leader).post(
            reverse("brightspots:registration_send", args=[spot.registration_list_id]),
            {"approve": "on"},
            follow=True,
        )
    routing = RegistrationRouting.objects.get(registration_list=spot.registration_list)
    with at_local(2026, 3, 2):
        acknowledged = client_for(board_member).post(
            reverse("brightspots:routing_acknowledge", args=[routing.pk]),
            {"comment": ""},
            follow=True,
        )
    plan = reminder_plan(today=D(2026, 4, 17))

    assert opened.status_code == 302
    assert (cycle.process, cycle.registration_deadline) == (version, D(2026, 4, 20))
    assert '<option value="gdth">Gương điển hình tiên tiến</option>' in form
    assert created.status_code == 302
    assert spot.kind == "gdth"
    assert "Đã gửi danh sách đăng ký đến các Ban." in _text(sent)
    assert (routing.kind, routing.board, routing.via, routing.copy_to) == (
        "gdth",
        boards["ban_dan_van"],
        None,
        None,
    )
    assert "Đã tiếp nhận; đơn vị đã được thông báo." in _text(acknowledged)
    routing.refresh_from_db()
    spot.refresh_from_db()
    assert (routing.status, spot.status) == (
        RoutingStatus.ACKNOWLEDGED,
        BrightSpotStatus.ACKNOWLEDGED,
    )
    reminded = {
        (d.unit, d.offset_days)
        for d in plan
        if d.cycle == cycle and d.deadline == "registration" and d.recipients
    }
    assert reminded == {(other_commune, 3)}

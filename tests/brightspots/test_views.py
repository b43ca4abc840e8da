import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationList, RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.units.enums import BoardFunction, UnitKind
from apps.units.models import Unit
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_criteria_set, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

K = BrightSpotKind
S = BrightSpotStatus


def _form_data(chosen_set, officer, **changes):
    data = {
        "kind": K.QCDC,
        "name": "Công khai thu chi quỹ khối phố",
        "address": "Khối 3, phường Vinh Phú",
        "field_of_work": "Tài chính",
        "problem": "",
        "goals": "Minh bạch",
        "expected_results": "",
        "officer": officer.pk,
        "criteria_set": chosen_set.pk,
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "40",
        "activities-0-description": "Họp dân",
        "activities-0-start_date": "05/01/2026",
        "activities-0-end_date": "28/02/2026",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _create_url(unit):
    return reverse("brightspots:create", args=[unit.pk]) + "?year=2026"


# ---------------------------------------------------------------- drafting forms


def test_officer_drafts_with_dates_typed_day_first(officer, commune, cycle, criteria_set):
    with at_local(2026, 3, 1):
        response = client_for(officer).post(_create_url(commune), _form_data(criteria_set, officer))

    spot = BrightSpot.objects.get()
    assert response.status_code == 302
    assert response.url == spot.get_absolute_url()
    activity = spot.activities.get()
    assert (activity.start_date.day, activity.start_date.month) == (5, 1)


def test_missing_name_and_plan_are_refused_in_vietnamese_keeping_the_input(
    officer, commune, cycle, criteria_set
):
    data = _form_data(
        criteria_set,
        officer,
        name="",
        **{
            "activities-0-description": "",
            "activities-0-start_date": "",
            "activities-0-end_date": "",
        },
    )

    with at_local(2026, 3, 1):
        response = client_for(officer).post(_create_url(commune), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Theo hướng dẫn, điểm sáng phải có tên." in page
    assert "Kế hoạch phải có ít nhất một hoạt động kèm thời gian thực hiện." in page
    assert 'value="Khối 3, phường Vinh Phú"' in page
    assert BrightSpot.objects.count() == 0


def test_missing_address_is_refused_in_vietnamese(officer, commune, cycle, criteria_set):
    with at_local(2026, 3, 1):
        response = client_for(officer).post(
            _create_url(commune), _form_data(criteria_set, officer, address="")
        )

    assert "Theo hướng dẫn, điểm sáng phải có địa chỉ cụ thể." in response.content.decode()


def test_activity_dates_outside_the_year_are_refused_beside_the_field(
    officer, commune, cycle, criteria_set
):
    data = _form_data(criteria_set, officer, **{"activities-0-end_date": "15/01/2027"})

    with at_local(2026, 3, 1):
        response = client_for(officer).post(_create_url(commune), data)

    page = response.content.decode()
    assert "Ngày phải nằm trong năm 2026." in page
    assert 'value="15/01/2027"' in page


def test_a_kind_the_criteria_set_does_not_cover_is_refused(officer, commune, cycle):
    qcdc_only = make_criteria_set(kinds=[K.QCDC], code="qcdc-only")

    with at_local(2026, 3, 1):
        response = client_for(officer).post(
            _create_url(commune), _form_data(qcdc_only, officer, kind=K.DVK)
        )

    assert "Bộ tiêu chí này không áp dụng cho loại điểm sáng đã chọn." in response.content.decode()


def test_without_a_choice_the_active_set_covering_the_kind_is_used(officer, commune, cycle):
    qcdc = make_criteria_set(kinds=[K.QCDC], code="a-qcdc", province=cycle.province)
    dvk = make_criteria_set(kinds=[K.DVK], code="b-dvk", province=cycle.province)
    data = _form_data(qcdc, officer, kind=K.DVK, criteria_set="")

    with at_local(2026, 3, 1):
        client_for(officer).post(_create_url(commune), data)

    assert BrightSpot.objects.get().criteria_set == dvk


def test_inactive_and_other_provinces_sets_are_not_offered(officer, commune, cycle, other_province):
    make_criteria_set(code="old", is_active=False)
    make_criteria_set(code="ha-tinh", province=other_province)
    own = make_criteria_set(code="nghe-an", province=cycle.province)

    with at_local(2026, 3, 1):
        response = client_for(officer).get(_create_url(commune))

    offered = {s.code for s in response.context["form"].fields["criteria_set"].queryset}
    assert own.code in offered
    assert not {"old", "ha-tinh"} & offered


def test_drafting_after_the_deadline_shows_the_refusal(officer, commune, cycle, criteria_set):
    with at_local(2026, 3, 31, 0, 0):
        response = client_for(officer).post(_create_url(commune), _form_data(criteria_set, officer))

    assert response.status_code == 200
    assert "Thời hạn đăng ký năm 2026 đã kết thúc ngày 30/03/2026" in response.content.decode()
    assert BrightSpot.objects.count() == 0


def test_editing_keeps_the_plan_and_saves_changes(officer, commune, cycle, criteria_set):
    spot = make_bright_spot(commune, cycle=cycle, criteria_set=criteria_set, officer=officer)
    data = _form_data(
        criteria_set,
        officer,
        name="Tên đã sửa",
        **{"activities-INITIAL_FORMS": "1"},
    )

    with at_local(2026, 3, 1):
        response = client_for(officer).post(reverse("brightspots:edit", args=[spot.pk]), data)

    spot.refresh_from_db()
    assert response.status_code == 302
    assert spot.name == "Tên đã sửa"


def test_withdrawing_requires_the_confirmation(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle)
    url = reverse("brightspots:withdraw", args=[spot.pk])

    refused = client_for(officer).post(url, {"reason": "Trùng lặp"})
    done = client_for(officer).post(url, {"reason": "Trùng lặp", "confirm": "on"})

    assert "Hãy đánh dấu vào ô để xác nhận." in refused.content.decode()
    assert done.status_code == 302
    spot.refresh_from_db()
    assert spot.status == S.WITHDRAWN


# ---------------------------------------------------------------- sending and answering


def _send_url(spot):
    return reverse("brightspots:registration_send", args=[spot.registration_list_id])


def test_the_leader_sends_the_list_once(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle)
    client = client_for(leader)

    first = client.post(_send_url(spot), {"approve": "on"}, follow=True)
    second = client.post(_send_url(spot), {"approve": "on"}, follow=True)

    assert "Đã gửi danh sách đăng ký đến các Ban." in first.content.decode()
    assert "không thể gửi lại" in second.content.decode()
    assert RegistrationList.objects.get().status == "sent"


def test_sending_without_approval_is_refused(leader, commune, cycle, boards, march_29):
    spot = make_bright_spot(commune, cycle=cycle)

    response = client_for(leader).post(_send_url(spot), {}, follow=True)

    assert "Hãy đánh dấu vào ô để xác nhận phê duyệt danh sách." in response.content.decode()
    assert RegistrationList.objects.get().status == "draft"


def test_sending_after_the_deadline_shows_why(leader, commune, cycle, boards):
    spot = make_bright_spot(commune, cycle=cycle)

    with at_local(2026, 3, 31, 0, 0):
        response = client_for(leader).post(_send_url(spot), {"approve": "on"}, follow=True)

    assert "Đã hết hạn đăng ký ngày 30/03/2026" in response.content.decode()


@pytest.fixture
def sent(leader, commune, cycle, boards, march_29):
    qcdc = make_bright_spot(commune, cycle=cycle, kind=K.QCDC, name="Điểm sáng dân chủ")
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ, name="Điểm sáng chính quyền")
    registration_list_send(registration_list=qcdc.registration_list, by=leader)
    return RegistrationList.objects.get()


def test_a_board_sees_only_what_was_routed_to_it(sent, board_members):
    response = client_for(board_members["bcd_qcdc"]).get(
        reverse("brightspots:inbox") + "?year=2026"
    )

    rows = list(response.context["page"])
    assert [(r.kind, r.board.function) for r in rows] == [(K.QCDC, BoardFunction.QCDC_STEERING)]


def test_people_without_a_board_seat_are_sent_to_their_bright_spots(officer):
    response = client_for(officer).get(reverse("brightspots:inbox"))

    assert response.status_code == 302
    assert response.url == reverse("brightspots:list")


def test_the_copy_recipient_sees_the_dvcq_part(sent, board_members):
    response = client_for(board_members["ban_dan_van"]).get(
        reverse("brightspots:inbox") + "?year=2026"
    )

    assert sorted(r.kind for r in response.context["page"]) == [K.DVCQ, K.QCDC]


def test_a_board_of_another_province_sees_nothing(sent, other_province):
    foreign = make_unit(
        "Ban Dân vận Tỉnh ủy Hà Tĩnh",
        parent=other_province,
        kind=UnitKind.BOARD,
        function=BoardFunction.MASS_MOBILISATION,
    )
    member = make_member(foreign, Role.STEERING)
    client = client_for(member)
    routing = RegistrationRouting.objects.first()

    inbox = client.get(reverse("brightspots:inbox") + "?year=")
    spots = client.get(reverse("brightspots:list") + "?year=")
    detail = client.get(routing.get_absolute_url())

    assert list(inbox.context["page"]) == []
    assert list(spots.context["page"]) == []
    assert detail.status_code == 404


def test_a_board_member_sees_the_routed_spots_in_the_list(sent, board_members):
    response = client_for(board_members["bcd_dvcq"]).get(reverse("brightspots:list"))

    assert [s.name for s in response.context["page"]] == ["Điểm sáng chính quyền"]


def test_the_board_acknowledges_from_its_page(sent, board_members):
    routing = sent.routings.get(kind=K.QCDC)
    client = client_for(board_members["bcd_qcdc"])

    page = client.get(routing.get_absolute_url())
    response = client.post(
        reverse("brightspots:routing_acknowledge", args=[routing.pk]), {"comment": ""}, follow=True
    )

    assert "Xác nhận tiếp nhận" in page.content.decode()
    assert "Đã tiếp nhận; đơn vị đã được thông báo." in response.content.decode()
    assert BrightSpot.objects.get(kind=K.QCDC).status == S.ACKNOWLEDGED


def test_returning_without_comment_shows_the_error_beside_the_field(sent, board_members):
    routing = sent.routings.get(kind=K.QCDC)

    response = client_for(board_members["bcd_qcdc"]).post(
        reverse("brightspots:routing_return", args=[routing.pk]), {"comment": ""}
    )

    assert response.status_code == 200
    assert "Hãy nêu nội dung đơn vị cần chỉnh sửa." in response.content.decode()


def test_the_unit_sees_the_returned_comment(sent, board_members, officer, commune):
    routing = sent.routings.get(kind=K.QCDC)
    client_for(board_members["bcd_qcdc"]).post(
        reverse("brightspots:routing_return", args=[routing.pk]), {"comment": "Bổ sung địa chỉ"}
    )

    response = client_for(officer).get(
        reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026"
    )

    page = response.content.decode()
    assert "Bổ sung địa chỉ" in page
    assert "Đã trả lại đơn vị" in page


# ---------------------------------------------------------------- the unit's year


def test_the_unit_page_shows_the_yearly_minimum(officer, commune, cycle):
    for kind in K:
        make_bright_spot(commune, cycle=cycle, kind=kind, status=S.REGISTERED)

    with at_local(2026, 4, 1):
        response = client_for(officer).get(reverse("brightspots:unit_year", args=[commune.pk]))

    assert response.context["counts"].meets_minimum is True
    assert "Đạt chỉ tiêu tối thiểu" in response.content.decode()


def test_drafts_and_withdrawn_spots_do_not_count_for_the_minimum(officer, commune, cycle):
    make_bright_spot(commune, cycle=cycle, kind=K.QCDC, status=S.REGISTERED)
    make_bright_spot(commune, cycle=cycle, kind=K.DVCQ, status=S.DRAFT)
    make_bright_spot(commune, cycle=cycle, kind=K.DVK, status=S.WITHDRAWN)

    with at_local(2026, 4, 1):
        response = client_for(officer).get(reverse("brightspots:unit_year", args=[commune.pk]))

    assert response.context["counts"].missing == [K.DVCQ, K.DVK]
    assert "Chưa đạt chỉ tiêu tối thiểu" in response.content.decode()


def test_the_province_page_counts_its_subordinate_units(province, commune, other_commune, cycle):
    observer = make_member(province, Role.OBSERVER)
    for kind in K:
        make_bright_spot(commune, cycle=cycle, kind=kind, status=S.ACKNOWLEDGED)
    school = make_unit("Trường THCS Vinh Phú", parent=commune)
    make_bright_spot(school, cycle=cycle)
    client_for(make_member(commune, Role.LEADER)).post(
        reverse("brightspots:directive", args=[commune.pk]) + "?year=2026",
        {"number": "12/KH-UBND", "issued_on": "10/02/2026", "summary": "Chỉ đạo"},
    )

    with at_local(2026, 4, 1):
        response = client_for(observer).get(reverse("brightspots:unit_year", args=[province.pk]))

    rows = {row.unit.name: row for row in response.context["children"]}
    assert rows[commune.name].counts.meets_minimum is True
    assert rows[commune.name].subtree_spots == 4
    assert rows[commune.name].directive.number == "12/KH-UBND"
    assert rows[other_commune.name].subtree_spots == 0
    assert response.context["children_summary"] == {
        "total": 2,
        "meeting_minimum": 1,
        "sent": 0,
        "directed": 1,
    }


def test_a_future_directive_date_is_refused(leader, commune, cycle):
    with at_local(2026, 2, 1):
        response = client_for(leader).post(
            reverse("brightspots:directive", args=[commune.pk]) + "?year=2026",
            {"number": "12/KH-UBND", "issued_on": "10/02/2026", "summary": "Chỉ đạo"},
        )

    assert "Ngày không được ở tương lai." in response.content.decode()


# ---------------------------------------------------------------- lists, search, query counts


def test_search_ignores_diacritics(province, commune, cycle):
    observer = make_member(province, Role.OBSERVER)
    make_bright_spot(commune, cycle=cycle, name="Điểm sáng dân vận khéo ở khối 3")
    make_bright_spot(commune, cycle=cycle, name="Mô hình khác")

    response = client_for(observer).get(reverse("brightspots:list") + "?q=diem+sang&year=2026")

    assert [s.name for s in response.context["page"]] == ["Điểm sáng dân vận khéo ở khối 3"]


def test_filters_by_kind_status_and_subtree(province, commune, other_commune, cycle):
    observer = make_member(province, Role.OBSERVER)
    wanted = make_bright_spot(commune, cycle=cycle, kind=K.DVCQ, status=S.REGISTERED)
    make_bright_spot(commune, cycle=cycle, kind=K.QCDC, status=S.REGISTERED)
    make_bright_spot(other_commune, cycle=cycle, kind=K.DVCQ, status=S.REGISTERED)
    query = f"?year=2026&kind=dvcq&status=registered&unit={commune.pk}"

    response = client_for(observer).get(reverse("brightspots:list") + query)

    assert list(response.context["page"]) == [wanted]


def test_the_officer_sees_only_the_own_units_spots(officer, commune, other_commune, cycle):
    own = make_bright_spot(commune, cycle=cycle)
    make_bright_spot(other_commune, cycle=cycle)

    response = client_for(officer).get(reverse("brightspots:list"))

    assert list(response.context["page"]) == [own]


def test_the_inbox_shows_the_lists_of_the_chosen_year(province, commune, boards, leader):
    steering = make_member(province, Role.STEERING)
    sent = {}
    for year in (2025, 2026):
        cycle = make_cycle(province, year)
        with at_local(year, 3, 20):
            spot = make_bright_spot(commune, cycle=cycle)
            sent[year] = registration_list_send(registration_list=spot.registration_list, by=leader)

    response = client_for(steering).get(reverse("brightspots:inbox") + "?year=2025")

    rows = list(response.context["page"])
    assert [row.registration_list_id for row in rows] == [sent[2025].pk]
    assert rows[0].cycle_id == sent[2025].cycle_id
    assert rows[0].spot_count == 1


def test_list_pages_of_same_named_spots_show_each_spot_once(monkeypatch, officer, commune, cycle):
    monkeypatch.setattr("apps.brightspots.views.spots.PAGE_SIZE", 2)
    spots = [make_bright_spot(commune, cycle=cycle, name="Cùng một tên") for _ in range(5)]
    client = client_for(officer)

    shown = [
        spot.pk
        for number in (1, 2, 3)
        for spot in client.get(reverse("brightspots:list") + f"?year=2026&page={number}").context[
            "page"
        ]
    ]

    assert shown == [spot.pk for spot in spots]


def _more_data(commune, cycle, leader, n):
    units = [make_unit(f"Đơn vị {i}", parent=commune) for i in range(n)]
    for unit in units:
        for kind in K:
            make_bright_spot(unit, cycle=cycle, kind=kind, status=S.ACKNOWLEDGED, activities=2)
    return units


@pytest.mark.parametrize(
    "url_name", ["brightspots:list", "brightspots:inbox", "brightspots:unit_year"]
)
def test_pages_run_a_fixed_number_of_queries(url_name, province, commune, cycle, boards, leader):
    steering = make_member(province, Role.STEERING)
    args = [province.pk] if url_name == "brightspots:unit_year" else []
    url = reverse(url_name, args=args) + "?year=2026"
    client = client_for(steering)

    with at_local(2026, 3, 20):
        spot = make_bright_spot(commune, cycle=cycle)
        registration_list_send(registration_list=spot.registration_list, by=leader)
        small = page_queries(client, url)
        for unit in _more_data(commune, cycle, leader, 6):
            unit_leader = make_member(unit, Role.LEADER)
            draft = make_bright_spot(unit, cycle=cycle, kind=K.DVCQ)
            registration_list_send(registration_list=draft.registration_list, by=unit_leader)
        large = page_queries(client, url)

    assert small == large


# ---------------------------------------------------------------- export and print


def _workbook(response):
    return load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
        if response.streaming
        else io.BytesIO(response.content)
    )


def test_the_list_exports_to_xlsx_with_formulas_escaped(leader, officer, commune, cycle):
    spot = make_bright_spot(
        commune,
        cycle=cycle,
        name='=HYPERLINK("http://evil")',
        address="Khối 3",
        officer=officer,
        goals="Minh bạch thu chi",
    )

    response = client_for(leader).get(
        reverse("brightspots:registration_export", args=[spot.registration_list_id])
    )

    sheet = _workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[1] == (
        "STT",
        "Đơn vị",
        "Loại",
        "Năm",
        "Trạng thái",
        "Tên điểm sáng",
        "Địa chỉ cụ thể",
        "Cán bộ phụ trách",
        "Kế hoạch thực hiện (tóm tắt)",
    )
    assert rows[2][:8] == (
        1,
        commune.name,
        "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở (QCDC)",
        2026,
        spot.get_status_display(),
        '\'=HYPERLINK("http://evil")',
        "Khối 3",
        str(officer),
    )
    assert rows[2][8] == "Minh bạch thu chi\n01/04/2026–30/06/2026: Hoạt động 1"
    assert sheet.cell(row=3, column=6).data_type == "s"


def test_the_inbox_exports_what_the_board_received(sent, board_members):
    response = client_for(board_members["bcd_dvcq"]).get(
        reverse("brightspots:inbox_export") + "?year=2026"
    )

    rows = list(_workbook(response).active.iter_rows(values_only=True))
    assert [row[5] for row in rows[2:]] == ["Điểm sáng chính quyền"]


def test_the_print_view_lists_the_spots_for_paper(sent, leader):
    response = client_for(leader).get(reverse("brightspots:registration_print", args=[sent.pk]))

    page = response.content.decode()
    assert "css/register_print.css" in page
    stylesheet = (settings.BASE_DIR / "static/css/register_print.css").read_text()
    assert "@page { size: A4 landscape" in stylesheet
    assert "Điểm sáng dân chủ" in page
    assert "Điểm sáng chính quyền" in page


# ---------------------------------------------------------------- benchmark data


def test_the_generator_builds_a_province_that_the_pages_can_show(settings):
    from django.core.management import call_command

    from apps.brightspots.benchdata import delete_province
    from apps.units.models import Unit

    call_command("generate_bench_data", units=60, years=2, code="BENCHT")

    province = Unit.objects.get(code="BENCHT")
    assert Unit.objects.subtree_of(province).count() == 60
    assert BrightSpot.objects.filter(unit__path__startswith=province.path).count() > 60
    steering = province.memberships.get(role=Role.STEERING).user
    assert client_for(steering).get(reverse("brightspots:inbox")).status_code == 200
    assert delete_province("BENCHT") is True
    assert not Unit.objects.filter(path__startswith=province.path).exists()


def test_a_bright_spot_without_its_officer_in_charge_is_refused(
    officer, commune, cycle, criteria_set
):
    """Guidance line 63: an officer is assigned to follow each bright spot."""
    with at_local(2026, 3, 1):
        response = client_for(officer).post(
            _create_url(commune), {**_form_data(criteria_set, officer), "officer": ""}
        )

    assert "Hãy phân công cán bộ phụ trách." in response.content.decode()
    assert BrightSpot.objects.count() == 0


def test_search_finds_the_spots_of_a_unit_named_without_diacritics(province, commune, cycle):
    observer = make_member(province, Role.OBSERVER)
    Unit.objects.filter(pk=commune.pk).update(name="Phường ĐÔNG VĨNH")  # a bulk rename too
    spot = make_bright_spot(commune, cycle=cycle, name="Tổ tự quản")
    make_bright_spot(make_unit("Xã Nghi Phú", parent=province), cycle=cycle, name="Tổ khác")

    response = client_for(observer).get(reverse("brightspots:list") + "?q=dong+vinh&year=2026")

    assert list(response.context["page"]) == [spot]


def test_the_inbox_counts_up_to_a_bound_and_reads_the_years_cycle_by_its_id(
    monkeypatch, province, other_province, boards
):
    monkeypatch.setattr("apps.brightspots.views.inbox.PAGE_SIZE", 1)
    monkeypatch.setattr("apps.brightspots.views.inbox.COUNT_BOUND", 2)
    steering = make_member(province, Role.STEERING)
    cycle = make_cycle(province, 2026)
    make_cycle(other_province, 2026)  # the same year elsewhere: not read
    sent = []
    with at_local(2026, 3, 20):
        for n in range(4):
            unit = make_unit(f"Xã {n}", parent=province)
            spot = make_bright_spot(unit, cycle=cycle)
            leader = make_member(unit, Role.LEADER)
            sent.append(registration_list_send(registration_list=spot.registration_list, by=leader))
    client = client_for(steering)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("brightspots:inbox") + "?year=2026")

    assert "Trang 1/hơn 2" in first.content.decode()
    assert "Hơn 2 dòng" in first.content.decode()
    picking = [q["sql"] for q in queries if '"board_id" IN' in q["sql"]]
    assert picking and all(f'"cycle_id" IN ({cycle.pk})' in sql for sql in picking)
    shown = [
        row.registration_list_id
        for number in (1, 2, 3, 4)
        for row in client.get(reverse("brightspots:inbox") + f"?year=2026&page={number}").context[
            "page"
        ]
    ]
    assert sorted(shown) == sorted(r.pk for r in sent)
    last = client.get(reverse("brightspots:inbox") + "?year=2026&page=4")
    assert "Trang 4/4" in last.content.decode() and "4 dòng" in last.content.decode()


@pytest.mark.parametrize("year", ["2026", ""])
def test_the_spot_list_counts_up_to_a_bound_in_tree_order_without_joining_units(
    monkeypatch, province, year
):
    monkeypatch.setattr("apps.brightspots.views.spots.PAGE_SIZE", 1)
    monkeypatch.setattr("apps.brightspots.views.spots.COUNT_BOUND", 2)
    steering = make_member(province, Role.STEERING)
    old, new = make_cycle(province, 2025), make_cycle(province, 2026)
    names = []
    for n in range(3):
        unit = make_unit(f"Xã {n}", parent=province)
        names += [f"{unit.name} 2026", f"{unit.name} 2025"]
        make_bright_spot(unit, cycle=new, name=f"{unit.name} 2026")
        make_bright_spot(unit, cycle=old, name=f"{unit.name} 2025")
    client = client_for(steering)
    url = reverse("brightspots:list") + f"?year={year}"

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)

    assert "Trang 1/hơn 2" in first.content.decode() and "Hơn 2 dòng" in first.content.decode()
    picking = [q["sql"] for q in queries if 'SELECT "brightspots_brightspot"."id" AS' in q["sql"]]
    assert picking and all(f'"cycle_id" IN ({new.pk})' in sql for sql in picking[:1])
    assert all("units_unit" not in sql and '"unit_path"' in sql for sql in picking)
    pages = len(names) if not year else 3
    shown = [
        spot.name
        for number in range(1, pages + 1)
        for spot in client.get(f"{url}&page={number}").context["page"]
    ]
    newest = ["Xã 0 2026", "Xã 1 2026", "Xã 2 2026"]
    # newest year first, each year in tree order
    assert shown == (newest if year else [*newest, "Xã 0 2025", "Xã 1 2025", "Xã 2 2025"])

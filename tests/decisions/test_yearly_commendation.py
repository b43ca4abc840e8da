"""The yearly local commendation: a commune or an agency praises (biểu dương) or rewards
(khen thưởng) its effective bright spots of the year ("Hằng năm, địa phương cấp xã, các
cơ quan, đơn vị chủ động biểu dương, khen thưởng các điểm sáng có hiệu quả")."""

import datetime
import itertools
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.core.models import AuditEvent
from apps.decisions import services
from apps.decisions.models import YearlyCommendation
from apps.decisions.selectors import commendation_candidates
from apps.decisions.services.commendations import (
    yearly_commendation_cancel,
    yearly_commendation_record,
)
from apps.units.enums import UnitKind, UnitLevel
from tests.access import PERSONAS, assert_audited, assert_success, check_access
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.decisions.factories import (
    VINH,
    first_period,
    make_authority,
    make_issued,
    make_proposed_spot,
)
from tests.factories import make_member, make_unit
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

# 1/12/2026, 9:00 in Vinh: after the 2026 recognition window, the praise of the year.
NOW = datetime.datetime(2026, 12, 1, 9, tzinfo=VINH)
DOCUMENT_DAY = datetime.date(2026, 11, 20)
LOGGED_IN = set(PERSONAS) - {"anonymous", "deactivated"}
# The own commune's leader and head record; whoever reaches the commune reads.
COMMENDERS = {"leader", "decision_maker", "two_roles"}
READERS = COMMENDERS | {"officer", "appraiser", "steering", "observer", "admin"}


@pytest.fixture
def spots(commune, cycle):
    """Two spots of the commune's 2026 list: one sent, one under way."""
    return [
        make_bright_spot(
            commune, cycle=cycle, status=BrightSpotStatus.REGISTERED, name="Đối thoại"
        ),
        make_bright_spot(
            commune, cycle=cycle, status=BrightSpotStatus.IN_PROGRESS, name="Một cửa thân thiện"
        ),
    ]


def record(unit, cycle, spots, *, by, number="15/QĐ-UBND", day=DOCUMENT_DAY, **fields):
    values = {
        "commendation_form": "praise",
        "document_number": number,
        "document_date": day,
        "signer": "Nguyễn Văn An",
        "signer_title": "Chủ tịch UBND phường",
        **fields,
    }
    return yearly_commendation_record(
        unit=unit, cycle=cycle, bright_spots=spots, by=by, now=NOW, **values
    )


def form_data(spots, **changes):
    return {
        "commendation_form": "reward",
        "bright_spots": [s.pk for s in spots],
        "document_number": "15/QĐ-UBND",
        "document_date": "20/11/2026",
        "signer": "Nguyễn Văn An",
        "signer_title": "Chủ tịch UBND phường",
        "note": "Tặng Giấy khen",
        "token": str(uuid.uuid4()),
        **changes,
    }


# ---------------------------------------------------------------- the service


def test_a_leader_records_a_praise_of_the_units_spots(commune, cycle, spots, leader):
    made = record(commune, cycle, spots, by=leader, note="Biểu dương tại hội nghị sơ kết")

    assert made.unit == commune
    assert made.cycle == cycle
    assert made.commendation_form == "praise"
    assert sorted(made.bright_spots.values_list("name", flat=True)) == [
        "Một cửa thân thiện",
        "Đối thoại",
    ]
    event = AuditEvent.objects.get(content_type__model="yearlycommendation", object_id=made.pk)
    assert (event.action, event.actor, event.comment, event.created_at) == (
        "record",
        leader,
        "15/QĐ-UBND",
        NOW,
    )


def test_an_agency_praises_the_spots_of_its_subordinate_units(province, cycle):
    agency = make_unit(
        "Sở Giáo dục và Đào tạo",
        parent=province,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
    )
    school = make_unit(
        "Trường THPT Huỳnh Thúc Kháng", parent=agency, kind=UnitKind.SUBUNIT, level=UnitLevel.UNIT
    )
    spot = make_bright_spot(school, cycle=cycle, status=BrightSpotStatus.RECOGNISED)
    director = make_member(agency, Role.DECISION_MAKER)

    made = record(agency, cycle, [spot], by=director, commendation_form="reward")

    assert list(made.bright_spots.all()) == [spot]


def test_only_the_units_own_leader_or_head_records(province, commune, cycle, spots):
    outsiders = [
        make_member(commune, Role.OFFICER),
        make_member(province, Role.LEADER),
        make_member(province, Role.STEERING),
        make_member(province, Role.DECISION_MAKER),
    ]
    head = make_member(commune, Role.DECISION_MAKER)

    for user in outsiders:
        with pytest.raises(PermissionDenied):
            record(commune, cycle, spots, by=user)
    made = record(commune, cycle, spots, by=head)

    assert made.created_by == head


def test_the_province_itself_does_not_record_a_local_commendation(province, cycle, spots):
    leader = make_member(province, Role.LEADER)

    with pytest.raises(PermissionDenied):
        record(province, cycle, spots, by=leader)


def test_only_spots_of_the_subtree_and_year_sent_and_not_withdrawn(
    province, commune, other_commune, cycle, leader
):
    unfit = {
        "draft": make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.DRAFT),
        "withdrawn": make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.WITHDRAWN),
        "elsewhere": make_bright_spot(
            other_commune, cycle=cycle, status=BrightSpotStatus.REGISTERED
        ),
        "last year": make_bright_spot(
            commune, cycle=make_cycle(province, 2025), status=BrightSpotStatus.RECOGNISED
        ),
    }

    for name, spot in unfit.items():
        with pytest.raises(ValidationError) as refused:
            record(commune, cycle, [spot], by=leader)
        assert list(refused.value.message_dict) == ["bright_spots"], name
    assert YearlyCommendation.objects.count() == 0


def test_the_document_is_dated_within_or_after_the_year_and_not_in_the_future(
    commune, cycle, spots, leader
):
    for day in (datetime.date(2025, 12, 31), datetime.date(2026, 12, 2)):
        with pytest.raises(ValidationError) as refused:
            record(commune, cycle, spots, by=leader, day=day)
        assert list(refused.value.message_dict) == ["document_date"]

    made = record(commune, cycle, spots, by=leader, day=datetime.date(2026, 12, 1))

    assert made.document_date == datetime.date(2026, 12, 1)


def test_a_praise_of_last_year_may_be_dated_this_year(province, commune, leader):
    last_year = make_cycle(province, 2025)
    spot = make_bright_spot(commune, cycle=last_year, status=BrightSpotStatus.RECOGNISED)

    made = record(commune, last_year, [spot], by=leader, day=datetime.date(2026, 1, 15))

    assert made.cycle.year == 2025


def test_the_same_form_sent_twice_records_once(commune, cycle, spots, leader):
    token = uuid.uuid4()

    first = record(commune, cycle, spots, by=leader, token=token)
    second = record(commune, cycle, spots, by=leader, token=token)

    assert second.pk == first.pk
    assert YearlyCommendation.objects.count() == 1


def test_the_same_document_twice_is_refused_until_cancelled(commune, cycle, spots, leader):
    first = record(commune, cycle, spots, by=leader)

    with pytest.raises(ValidationError) as refused:
        record(commune, cycle, spots, by=leader)
    yearly_commendation_cancel(commendation=first, reason="Nhập nhầm", by=leader, now=NOW)
    again = record(commune, cycle, spots, by=leader)

    assert list(refused.value.message_dict) == ["document_number"]
    assert again.pk != first.pk


def test_cancelling_needs_a_reason_happens_once_and_is_audited(commune, cycle, spots, leader):
    made = record(commune, cycle, spots, by=leader)

    with pytest.raises(ValidationError):
        yearly_commendation_cancel(commendation=made, reason="  ", by=leader, now=NOW)
    cancelled = yearly_commendation_cancel(
        commendation=made, reason="Sai số văn bản", by=leader, now=NOW
    )
    with pytest.raises(ValidationError):
        yearly_commendation_cancel(commendation=made, reason="Lần nữa", by=leader, now=NOW)

    assert (cancelled.cancelled_at, cancelled.cancelled_by, cancelled.cancel_reason) == (
        NOW,
        leader,
        "Sai số văn bản",
    )
    assert made.cancelled_at is None  # the argument is left alone
    assert_audited(made, "cancel", by=leader)


def test_an_officer_may_not_cancel(commune, cycle, spots, leader, officer):
    made = record(commune, cycle, spots, by=leader)

    with pytest.raises(PermissionDenied):
        yearly_commendation_cancel(commendation=made, reason="Sai", by=officer, now=NOW)


# ---------------------------------------------------------------- the five-yearly candidates


def test_candidates_show_how_many_yearly_commendations_each_spot_received(
    province, commune, django_assert_num_queries
):
    make_authority(commune)
    cycle_2025 = make_cycle(province, 2025)
    praised, plain = (
        make_proposed_spot(commune, name=name, cycle=cycle_2025)
        for name in ("Được biểu dương", "Chưa biểu dương")
    )
    make_issued(commune, [praised, plain])
    leader = make_member(commune, Role.LEADER)
    record(commune, cycle_2025, [praised], by=leader, number="1")
    record(commune, cycle_2025, [praised], by=leader, number="2", commendation_form="reward")
    cancelled = record(commune, cycle_2025, [praised, plain], by=leader, number="3")
    yearly_commendation_cancel(commendation=cancelled, reason="Nhầm", by=leader, now=NOW)
    steering = make_member(province, Role.STEERING)
    make_unit(
        "Hội đồng Thi đua – Khen thưởng tỉnh",
        parent=province,
        kind=UnitKind.BOARD,
        function="hd_tdkt",
    )
    proposal = services.proposal_create(
        period=first_period(), unit=province, kind="qcdc", by=steering
    )

    with django_assert_num_queries(1):
        counts = {
            c.holder_name: c.yearly_commendations
            for c in commendation_candidates(proposal=proposal)
        }
    page = client_for(steering).get(reverse("decisions:commendation_select", args=[proposal.pk]))

    assert counts == {"Được biểu dương": 2, "Chưa biểu dương": 0}
    assert "đã được biểu dương, khen thưởng 2 lần trong năm" in page.content.decode()


# ---------------------------------------------------------------- the pages


def test_record_through_the_page_asks_to_confirm_and_records_once(
    commune, cycle, spots, leader, in_the_window
):
    client = client_for(leader)
    target = reverse("decisions:yearly_create", args=[commune.pk]) + "?year=2026"
    shown = client.get(target).content.decode()
    data = form_data(spots)

    first = client.post(target, data)
    second = client.post(target, data)  # a double click

    made = YearlyCommendation.objects.get()
    assert "data-confirm=" in shown
    assert "Đối thoại" in shown
    assert first.url == second.url == made.get_absolute_url()
    assert (made.commendation_form, made.note, made.document_date) == (
        "reward",
        "Tặng Giấy khen",
        DOCUMENT_DAY,
    )


def test_a_wrong_input_keeps_what_was_typed_and_says_why_in_vietnamese(
    commune, cycle, spots, leader, in_the_window
):
    target = reverse("decisions:yearly_create", args=[commune.pk]) + "?year=2026"

    response = client_for(leader).post(
        target,
        form_data([], document_date="31/02/2026", document_number="99/QĐ-UBND", signer=""),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert YearlyCommendation.objects.count() == 0
    assert "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 20/11/2026." in page
    assert "Hãy chọn ít nhất một điểm sáng, tập thể hoặc cá nhân." in page
    assert "Hãy ghi họ tên người ký." in page
    assert 'value="99/QĐ-UBND"' in page
    assert 'value="31/02/2026"' in page


def test_a_refusal_of_the_service_shows_beside_its_field(commune, cycle, spots, leader):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=VINH), tick=False):
        response = client_for(leader).post(
            reverse("decisions:yearly_create", args=[commune.pk]) + "?year=2026",
            form_data(spots),  # dated 20/11/2026, ten days ahead
        )

    assert response.status_code == 200
    assert "Ngày của văn bản là một ngày trong tương lai." in response.content.decode()


def test_a_year_without_cycle_offers_the_years_that_have_one(commune, cycle, leader):
    page = client_for(leader).get(
        reverse("decisions:yearly_create", args=[commune.pk]) + "?year=2019"
    )

    assert page.status_code == 200
    assert "Tỉnh chưa có năm 2019" in page.content.decode()
    assert '<option value="2026">' in page.content.decode()


def test_list_filters_by_year_and_spot_with_a_flat_query_count(
    province, commune, cycle, spots, leader
):
    client = client_for(leader)
    target = reverse("decisions:yearly_list")
    record(commune, cycle, spots[:1], by=leader, number="1")
    client.get(target)  # the session's first renewal writes a row
    cache.clear()  # the unread count is cached: count it in both
    one = page_queries(client, target)
    for number in ("2", "3"):
        record(commune, cycle, spots, by=leader, number=number)
    old = make_cycle(province, 2025)
    record(
        commune,
        old,
        [make_bright_spot(commune, cycle=old, status=BrightSpotStatus.RECOGNISED)],
        by=leader,
        number="4",
    )
    cache.clear()

    three = page_queries(client, target)
    by_year = client.get(target, {"year": 2025}).content.decode()
    by_spot = client.get(target, {"spot": spots[1].pk}).content.decode()

    assert three == one
    assert ">4</a>" in by_year and ">1</a>" not in by_year
    assert ">2</a>" in by_spot and ">3</a>" in by_spot and ">1</a>" not in by_spot


def test_the_spot_include_links_to_its_yearly_commendations(spots):
    from django.template.loader import render_to_string

    html = render_to_string(
        "decisions/includes/_spot_yearly_commendations.html", {"spot": spots[0]}
    )

    assert f"{reverse('decisions:yearly_list')}?spot={spots[0].pk}" in html


# ---------------------------------------------------------------- access


@pytest.fixture
def yearly(personas):
    """A 2026 cycle with two sent spots of the own commune and one recorded praise."""
    cycle = make_cycle(personas.province, 2026)
    spots = [
        make_bright_spot(personas.commune, cycle=cycle, status=BrightSpotStatus.REGISTERED)
        for _ in range(2)
    ]
    made = record(personas.commune, cycle, spots, by=personas.users["leader"], number="0")
    return {"cycle": cycle, "spots": spots, "record": made}


def test_yearly_list_access(personas, yearly):
    check_access(personas, "get", reverse("decisions:yearly_list"), allowed=LOGGED_IN)


def test_yearly_detail_access(personas, yearly):
    check_access(personas, "get", yearly["record"].get_absolute_url(), allowed=READERS)


def test_yearly_create_access(personas, yearly, in_the_window):
    target = reverse("decisions:yearly_create", args=[personas.commune.pk]) + "?year=2026"
    numbers = itertools.count(1)

    def created(number, by, response):
        made = YearlyCommendation.objects.get(document_number=number)
        assert response.url == made.get_absolute_url()
        assert_audited(made, "record", by=by)
        assert_success(response)

    check_access(personas, "get", target, allowed=COMMENDERS)
    check_access(
        personas,
        "post",
        target,
        allowed=COMMENDERS,
        allowed_status=302,
        data=lambda number: form_data(yearly["spots"], document_number=number),
        fresh=lambda: f"{next(numbers)}/QĐ-UBND",
        effect=created,
    )


def test_yearly_cancel_access(personas, yearly):
    numbers = itertools.count(1)

    def fresh():
        return record(
            personas.commune,
            yearly["cycle"],
            yearly["spots"],
            by=personas.users["leader"],
            number=f"H{next(numbers)}",
        )

    def cancelled(made, by, response):
        made.refresh_from_db()
        assert made.cancel_reason == "Nhập nhầm số"
        assert_audited(made, "cancel", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda made: reverse("decisions:yearly_cancel", args=[made.pk]),
        allowed=COMMENDERS,
        allowed_status=302,
        data={"reason": "Nhập nhầm số"},
        fresh=fresh,
        effect=cancelled,
    )


def test_the_admin_shows_a_record_and_cannot_change_it(commune, cycle, spots, leader, province):
    made = record(commune, cycle, spots, by=leader)
    admin = make_member(province, Role.ADMIN)
    target = reverse("admin:decisions_yearlycommendation_change", args=[made.pk])

    page = client_for(admin).get(target)
    post = client_for(admin).post(target, {"document_number": "Sửa"})

    assert page.status_code == 200
    assert post.status_code == 403
    assert YearlyCommendation.objects.get(pk=made.pk).document_number == "15/QĐ-UBND"

"""Commendation of collectives and individuals, besides bright spots: added to a
periodic proposal and decided per row, named in a yearly record; the province's own
periods; the conference record of a level and period."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.decisions import services
from apps.decisions.models import (
    CommendationConference,
    CommendationPeriod,
    Honoree,
    HonoreeKind,
)
from apps.decisions.selectors import periods_for
from apps.decisions.services.commendations import (
    Person,
    commendation_periods_plan,
    conference_save,
    proposal_add_collective,
    proposal_add_individual,
    proposal_remove_honoree,
    yearly_commendation_record,
)
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit
from tests.brightspots.factories import make_cycle
from tests.conftest import client_for
from tests.decisions.factories import first_period
from tests.factories import make_member, make_unit
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 12, 20, 9, tzinfo=datetime.UTC)


def make_council(level, code="P40-TDKT"):
    return make_unit(
        "Hội đồng Thi đua – Khen thưởng tỉnh",
        parent=level,
        kind=UnitKind.BOARD,
        level=level.level,
        function=BoardFunction.EMULATION_COUNCIL,
        code=code,
    )


@pytest.fixture
def steering(province):
    make_council(province)
    return make_member(province, Role.STEERING, username="bcd_tinh")


@pytest.fixture
def proposal(steering, province):
    return services.proposal_create(
        period=first_period(), unit=province, kind="qcdc", by=steering, now=NOW
    )


def audit_actions(obj):
    return list(
        AuditEvent.objects.filter(content_type__model=obj._meta.model_name, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def refusal_text(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- proposals ---------------------------------------------------------------------------


def test_a_collective_and_an_individual_are_proposed_and_decided_per_row(
    proposal, steering, commune
):
    collective = proposal_add_collective(
        proposal=proposal, unit=commune, achievement="Làm tốt dân vận", by=steering, now=NOW
    )
    person = proposal_add_individual(
        proposal=proposal,
        full_name="  Nguyễn   Thị Hoa ",
        unit=commune,
        position="Chủ tịch UBND phường",
        by=steering,
        now=NOW,
    )
    services.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="45/TTr-BCĐ",
        letter_date=datetime.date(2025, 11, 1),
        now=NOW,
    )

    services.proposal_record_decision(
        proposal=proposal,
        by=steering,
        number="1234/QĐ-UBND",
        date=datetime.date(2025, 12, 10),
        signer="Lê Hồng Vinh",
        signer_title="Chủ tịch UBND tỉnh",
        award="bang_khen",
        commended_ids=[],
        commended_honoree_ids=[person.pk],
        now=NOW,
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_award) == ("decided", "bang_khen")
    person.refresh_from_db()
    collective.refresh_from_db()
    assert (person.full_name, person.is_commended) == ("Nguyễn Thị Hoa", True)
    assert collective.is_commended is False
    assert audit_actions(proposal) == [
        "create",
        "add_collective",
        "add_individual",
        "propose",
        "record_decision",
    ]


def test_a_proposal_of_people_only_may_be_sent(proposal, steering, commune):
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)

    sent = services.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="45",
        letter_date=datetime.date(2025, 11, 1),
        now=NOW,
    )

    assert sent.status == "proposed"


@pytest.mark.parametrize(
    ("name", "position", "message"),
    [
        ("", "Bí thư", "Hãy nhập họ và tên của cá nhân."),
        ("Trần Văn Nam", "  ", "Hãy nhập chức vụ của Trần Văn Nam."),
    ],
)
def test_an_individual_without_name_or_position_is_refused_in_vietnamese(
    proposal, steering, commune, name, position, message
):
    with pytest.raises(ValidationError) as refused:
        proposal_add_individual(
            proposal=proposal,
            full_name=name,
            unit=commune,
            position=position,
            by=steering,
            now=NOW,
        )

    assert refusal_text(refused) == message
    assert proposal.honorees.count() == 0


def test_a_collective_outside_the_levels_subtree_is_refused(proposal, steering):
    elsewhere = make_unit("Xã Tân Đông", parent=make_unit("Tỉnh Tây Ninh", code="P72"), code="X1")

    with pytest.raises(ValidationError) as refused:
        proposal_add_collective(proposal=proposal, unit=elsewhere, by=steering, now=NOW)

    assert refusal_text(refused) == (
        "Xã Tân Đông không thuộc Tỉnh Nghệ An nên không thể khen thưởng ở cấp này."
    )
    assert proposal.honorees.count() == 0


def test_the_same_collective_or_person_twice_is_refused(proposal, steering, commune):
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    proposal_add_individual(
        proposal=proposal, full_name="Lê Văn Ba", unit=commune, position="Trưởng khối", by=steering
    )

    with pytest.raises(ValidationError) as twice:
        proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    with pytest.raises(ValidationError) as same_person:
        proposal_add_individual(
            proposal=proposal, full_name="LÊ VĂN  BA", unit=commune, position="Khác", by=steering
        )

    assert refusal_text(twice) == "Tập thể Phường Vinh Phú đã có trong danh sách."
    assert refusal_text(same_person) == "LÊ VĂN BA (Phường Vinh Phú) đã có trong danh sách."
    assert proposal.honorees.count() == 2


def test_the_database_refuses_a_duplicate_collective(proposal, steering, commune):
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)

    with pytest.raises(IntegrityError):
        Honoree.objects.create(proposal=proposal, kind=HonoreeKind.COLLECTIVE, unit=commune)


def test_people_are_frozen_once_proposed_and_removable_before(proposal, steering, commune):
    honoree = proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    proposal_remove_honoree(honoree=honoree, by=steering, now=NOW)
    again = proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="1", letter_date=datetime.date(2025, 11, 1)
    )

    with pytest.raises(PermissionDenied):
        proposal_remove_honoree(honoree=again, by=steering, now=NOW)
    with pytest.raises(PermissionDenied):
        proposal_add_individual(
            proposal=proposal, full_name="A", unit=commune, position="B", by=steering
        )

    assert list(proposal.honorees.values_list("pk", flat=True)) == [again.pk]
    assert "remove_honoree" in audit_actions(proposal)


def test_only_the_proposer_adds_people(proposal, commune, leader):
    with pytest.raises(PermissionDenied):
        proposal_add_collective(proposal=proposal, unit=commune, by=leader, now=NOW)


def test_an_unknown_award_is_refused(proposal, steering, commune):
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="1", letter_date=datetime.date(2025, 11, 1)
    )

    with pytest.raises(ValidationError):
        services.proposal_record_decision(
            proposal=proposal,
            by=steering,
            number="1",
            date=datetime.date(2025, 12, 1),
            signer="A",
            signer_title="B",
            award="huan_chuong",
            commended_ids=[],
            now=NOW,
        )

    proposal.refresh_from_db()
    assert proposal.status == "proposed"


# --- periods -----------------------------------------------------------------------------


@pytest.fixture
def other_province(db):
    return make_unit("Tỉnh Tây Ninh", code="P72")


def test_a_province_without_periods_of_its_own_uses_the_default(province):
    default = first_period()

    assert list(periods_for(province)) == [default]


def test_a_province_lays_out_its_own_periods_from_a_first_year_and_a_length(
    province, other_province
):
    admin = make_member(other_province, Role.ADMIN, username="admin_tn")
    default = first_period()

    periods = commendation_periods_plan(
        province=other_province, first_year=2023, length=3, count=2, by=admin, now=NOW
    )
    again = commendation_periods_plan(
        province=other_province, first_year=2023, length=3, count=1, by=admin, now=NOW
    )

    assert [(p.start_year, p.end_year, p.conference_year) for p in periods] == [
        (2023, 2025, 2025),
        (2026, 2028, 2028),
    ]
    assert again == periods[:1]
    assert sorted(p.pk for p in periods_for(other_province)) == sorted(p.pk for p in periods)
    assert list(periods_for(province)) == [default]
    assert audit_actions(periods[0]) == ["create"]


def test_an_overlapping_period_or_another_provinces_admin_is_refused(province, other_province):
    admin = make_member(other_province, Role.ADMIN, username="admin_tn")
    commendation_periods_plan(province=other_province, first_year=2023, length=3, by=admin)

    with pytest.raises(ValidationError) as overlap:
        commendation_periods_plan(province=other_province, first_year=2024, length=5, by=admin)
    with pytest.raises(PermissionDenied):
        commendation_periods_plan(province=province, first_year=2023, length=3, by=admin)

    assert "chồng lên" in refusal_text(overlap)
    assert CommendationPeriod.objects.filter(province=other_province).count() == 1


def test_a_period_of_another_province_is_refused(steering, province, other_province):
    admin = make_member(other_province, Role.ADMIN, username="admin_tn")
    [foreign] = commendation_periods_plan(
        province=other_province, first_year=2023, length=3, by=admin
    )

    with pytest.raises(ValidationError) as refused:
        services.proposal_create(period=foreign, unit=province, kind="qcdc", by=steering)

    assert refusal_text(refused) == (
        "Giai đoạn 2023–2025 không phải là giai đoạn khen thưởng của Tỉnh Nghệ An."
    )


# --- conference record -------------------------------------------------------------------


def conference(level, by, **changes):
    values = {
        "unit": level,
        "period": first_period(),
        "held_on": datetime.date(2025, 10, 15),
        "place": "Hội trường UBND tỉnh",
        "delegates": 250,
        "document_number": "12/BB-BCĐ",
        "note": "",
        "by": by,
        "now": NOW,
        **changes,
    }
    return conference_save(**values)


def test_a_conference_is_recorded_once_per_level_and_period_and_edited(steering, province):
    first = conference(province, steering)
    edited = conference(province, steering, delegates=260, place="Nhà văn hóa tỉnh")

    assert edited.pk == first.pk
    assert CommendationConference.objects.get().delegates == 260
    assert audit_actions(first) == ["create", "change"]


def test_a_conference_is_frozen_once_the_levels_decision_is_recorded(
    proposal, steering, province, commune
):
    conference(province, steering)
    proposal_add_collective(proposal=proposal, unit=commune, by=steering, now=NOW)
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="1", letter_date=datetime.date(2025, 11, 1)
    )
    services.proposal_record_decision(
        proposal=proposal,
        by=steering,
        number="9/QĐ",
        date=datetime.date(2025, 12, 1),
        signer="A",
        signer_title="B",
        commended_ids=[],
        now=NOW,
    )

    with pytest.raises(ValidationError) as frozen:
        conference(province, steering, delegates=1)

    assert "không thể sửa" in refusal_text(frozen)
    assert CommendationConference.objects.get().delegates == 250


def test_a_conference_in_the_future_or_by_a_non_proposer_is_refused(steering, province, leader):
    with pytest.raises(ValidationError) as future:
        conference(province, steering, held_on=datetime.date(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        conference(province, leader)

    assert "tương lai" in refusal_text(future)
    assert not CommendationConference.objects.exists()


# --- yearly ------------------------------------------------------------------------------


def record_yearly(unit, by, **changes):
    values = {
        "unit": unit,
        "cycle": make_cycle(Unit.objects.get(path=unit.path[: unit.steplen]), 2025),
        "commendation_form": "reward",
        "document_number": "15/QĐ-UBND",
        "document_date": datetime.date(2025, 12, 1),
        "signer": "Nguyễn Văn A",
        "signer_title": "Chủ tịch UBND phường",
        "bright_spots": [],
        "by": by,
        "now": NOW,
        **changes,
    }
    return yearly_commendation_record(**values)


def test_a_commune_rewards_a_collective_and_an_individual_in_its_year(commune, leader):
    group = make_unit("Khối Yên Giang", parent=commune, level=UnitLevel.COMMUNE, code="K1")

    record = record_yearly(
        commune,
        leader,
        collectives=[group],
        individuals=[Person("Hồ Thị Lan", group, "Trưởng khối")],
    )

    rows = [(h.kind, h.label, h.is_commended) for h in record.honorees.order_by("kind")]
    assert rows == [
        ("collective", "Khối Yên Giang", True),
        ("individual", "Hồ Thị Lan, Trưởng khối, Khối Yên Giang", True),
    ]
    assert audit_actions(record) == ["record"]


def test_a_yearly_record_names_someone_or_something(commune, leader):
    with pytest.raises(ValidationError) as empty:
        record_yearly(commune, leader)

    assert empty.value.message_dict["bright_spots"] == [
        "Hãy chọn ít nhất một điểm sáng, tập thể hoặc cá nhân."
    ]


def test_a_yearly_individual_outside_the_commune_or_without_position_is_refused(
    province, commune, leader
):
    elsewhere = make_unit("Xã Khác", parent=province, code="W1")

    with pytest.raises(ValidationError) as refused:
        record_yearly(
            commune,
            leader,
            collectives=[elsewhere],
            individuals=[Person("Hồ Thị Lan", commune, "")],
        )

    errors = refused.value.message_dict
    assert "không thuộc Phường Vinh Phú" in errors["collectives"][0]
    assert errors["individuals"] == ["Hãy nhập chức vụ của Hồ Thị Lan."]


# --- pages -------------------------------------------------------------------------------


def people_url(proposal, suffix=""):
    return reverse("decisions:commendation_people", args=[proposal.pk]) + suffix


def test_people_are_added_through_the_page_and_a_missing_position_keeps_the_name(
    proposal, steering, commune
):
    client = client_for(steering)
    found = client.get(people_url(proposal), {"q": "vinh phu"}).content.decode()
    client.post(
        reverse("decisions:commendation_add_collective", args=[proposal.pk]),
        {"unit": commune.pk, "achievement": "Dân vận khéo"},
    )

    refused = client.post(
        reverse("decisions:commendation_add_individual", args=[proposal.pk]),
        {"full_name": "Trần Văn Nam", "unit": commune.pk, "position": ""},
    )

    assert f'<option value="{commune.pk}">Phường Vinh Phú</option>' in found
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Hãy nhập chức vụ của cá nhân." in page
    assert 'value="Trần Văn Nam"' in page
    assert [h.label for h in proposal.honorees.all()] == ["Phường Vinh Phú"]


def test_a_collective_outside_the_level_is_refused_on_the_page(proposal, steering):
    elsewhere = make_unit("Xã Tân Đông", parent=make_unit("Tỉnh Tây Ninh", code="P72"), code="X1")

    response = client_for(steering).post(
        reverse("decisions:commendation_add_collective", args=[proposal.pk]),
        {"unit": elsewhere.pk},
    )

    assert "Xã Tân Đông không thuộc Tỉnh Nghệ An" in response.content.decode()
    assert not proposal.honorees.exists()


def test_the_people_page_costs_the_same_queries_for_one_or_three_rows(proposal, steering, province):
    client = client_for(steering)
    units = [make_unit(f"Xã {n}", parent=province, code=f"X{n}") for n in range(3)]
    proposal_add_collective(proposal=proposal, unit=units[0], by=steering)
    client.get(people_url(proposal))  # the session's first renewal
    cache.clear()  # the unread count is cached: count it in both
    one = page_queries(client, people_url(proposal))
    for unit in units[1:]:
        proposal_add_individual(
            proposal=proposal, full_name="Lê Văn Ba", unit=unit, position="Bí thư", by=steering
        )
    cache.clear()

    three = page_queries(client, people_url(proposal))

    assert three == one


def test_the_decision_page_records_the_award_and_each_person(proposal, steering, commune):
    kept = proposal_add_collective(proposal=proposal, unit=commune, by=steering)
    dropped = proposal_add_individual(
        proposal=proposal, full_name="Lê Văn Ba", unit=commune, position="Bí thư", by=steering
    )
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="1", letter_date=datetime.date(2025, 11, 1)
    )

    with time_machine.travel(NOW):
        client_for(steering).post(
            reverse("decisions:commendation_record", args=[proposal.pk]),
            {
                "number": "1234/QĐ-UBND",
                "date": "10/12/2025",
                "signer": "Lê Hồng Vinh",
                "signer_title": "Chủ tịch UBND tỉnh",
                "award": "bang_khen",
                "commended_honorees": [kept.pk],
            },
        )
    page = client_for(steering).get(proposal.get_absolute_url()).content.decode()
    printed = client_for(steering).get(reverse("decisions:commendation_print", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_award) == ("decided", "bang_khen")
    assert [kept.pk] == list(
        proposal.honorees.filter(is_commended=True).values_list("pk", flat=True)
    )
    assert dropped.pk in proposal.honorees.filter(is_commended=False).values_list("pk", flat=True)
    assert "Bằng khen" in page
    assert "Lê Văn Ba" in printed.content.decode()


def test_the_conference_page_records_then_freezes(proposal, steering, province, commune):
    target = reverse("decisions:commendation_conference", args=[province.pk, first_period().pk])
    client = client_for(steering)
    with time_machine.travel(NOW, tick=False):
        client.post(
            target,
            {
                "held_on": "15/10/2025",
                "place": "Hội trường",
                "delegates": "0",
                "document_number": "12/BB",
            },
        )
        assert not CommendationConference.objects.exists()
        client.post(
            target,
            {
                "held_on": "15/10/2025",
                "place": "Hội trường",
                "delegates": "250",
                "document_number": "12/BB",
            },
        )
        proposal_add_collective(proposal=proposal, unit=commune, by=steering)
        services.proposal_send(
            proposal=proposal,
            by=steering,
            letter_number="1",
            letter_date=datetime.date(2025, 11, 1),
        )
        services.proposal_record_decision(
            proposal=proposal,
            by=steering,
            number="9",
            date=datetime.date(2025, 12, 1),
            signer="A",
            signer_title="B",
            commended_ids=[],
            now=NOW,
        )

        frozen = client.get(target).content.decode()
        refused = client.post(target, {"held_on": "16/10/2025", "place": "X", "delegates": "9"})

    assert CommendationConference.objects.get().delegates == 250
    assert "không thể sửa" in frozen and 'name="delegates"' not in frozen
    assert refused.status_code == 404


def test_a_yearly_record_of_a_person_through_the_page(commune, leader):
    cycle = make_cycle(Unit.objects.get(path=commune.path[: commune.steplen]), 2025)
    target = reverse("decisions:yearly_create", args=[commune.pk]) + "?year=2025"
    data = {
        "commendation_form": "reward",
        "document_number": "15/QĐ-UBND",
        "document_date": "01/12/2025",
        "signer": "Nguyễn Văn A",
        "signer_title": "Chủ tịch",
        "token": "",
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-0-full_name": "Hồ Thị Lan",
        "people-0-unit": str(commune.pk),
        "people-0-position": "",
    }

    with time_machine.travel(NOW):
        refused = client_for(leader).post(target, data)
        done = client_for(leader).post(target, {**data, "people-0-position": "Công chức"})

    assert "Hãy nhập chức vụ của Hồ Thị Lan." in refused.content.decode()
    assert done.status_code == 302
    record = cycle.yearly_commendations.get()
    assert [h.label for h in record.honorees.all()] == ["Hồ Thị Lan, Công chức, Phường Vinh Phú"]


def test_the_proposal_page_costs_the_same_queries_for_one_or_three_people(
    proposal, steering, province
):
    client = client_for(steering)
    units = [make_unit(f"Xã {n}", parent=province, code=f"X{n}") for n in range(3)]
    proposal_add_collective(proposal=proposal, unit=units[0], by=steering)
    client.get(proposal.get_absolute_url())  # the session's first renewal
    cache.clear()
    one = page_queries(client, proposal.get_absolute_url())
    for unit in units[1:]:
        proposal_add_individual(
            proposal=proposal, full_name="Lê Văn Ba", unit=unit, position="Bí thư", by=steering
        )
    cache.clear()

    three = page_queries(client, proposal.get_absolute_url())

    assert three == one


def test_the_yearly_list_costs_the_same_queries_for_one_or_three_people(commune, leader):
    client = client_for(leader)
    target = reverse("decisions:yearly_list")
    groups = [
        make_unit(f"Khối {n}", parent=commune, level=UnitLevel.COMMUNE, code=f"K{n}")
        for n in range(3)
    ]
    record_yearly(commune, leader, collectives=groups[:1])
    client.get(target)
    cache.clear()
    one = page_queries(client, target)
    record_yearly(
        commune,
        leader,
        document_number="16/QĐ-UBND",
        collectives=groups[1:],
        individuals=[Person("Hồ Thị Lan", groups[2], "Trưởng khối")],
    )
    cache.clear()

    three = page_queries(client, target)

    assert three == one
    assert "Hồ Thị Lan, Trưởng khối, Khối 2" in client.get(target).content.decode()


def test_the_conference_of_another_provinces_period_is_not_found(
    steering, province, other_province
):
    admin = make_member(other_province, Role.ADMIN, username="admin_tn")
    [foreign] = commendation_periods_plan(
        province=other_province, first_year=2023, length=3, by=admin
    )

    response = client_for(steering).get(
        reverse("decisions:commendation_conference", args=[province.pk, foreign.pk])
    )

    assert response.status_code == 404


def test_the_command_lays_out_a_provinces_periods_once(other_province):
    make_member(other_province, Role.ADMIN, username="admin_tn")
    arguments = ["--province", "P72", "--first-year", "2023", "--length", "3", "--by", "admin_tn"]

    call_command("plan_commendation_periods", *arguments, stdout=io.StringIO())
    call_command("plan_commendation_periods", *arguments, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("plan_commendation_periods", *arguments[:-1], "nobody", stdout=io.StringIO())

    assert [str(p) for p in periods_for(other_province)] == ["2023–2025"]


def test_the_start_page_offers_the_provinces_own_periods(province, other_province, steering):
    admin = make_member(other_province, Role.ADMIN, username="admin_tn")
    [review] = commendation_periods_plan(
        province=other_province, first_year=2023, length=3, by=admin
    )
    make_council(other_province, code="P72-TDKT")
    theirs = make_member(other_province, Role.STEERING, username="bcd_tn")
    default = first_period()

    ours = client_for(steering).get(reverse("decisions:commendation_create"))
    their_page = client_for(theirs).get(reverse("decisions:commendation_create"))

    assert list(ours.context["form"].fields["period"].queryset) == [default]
    assert list(their_page.context["form"].fields["period"].queryset) == [review]
    assert their_page.context["form"].initial["period"] == review

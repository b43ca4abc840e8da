"""The five-yearly commendation: select, propose to the council, record, export."""

import datetime
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.decisions import services
from apps.decisions.exports import proposal_xlsx
from apps.decisions.models import CommendationPeriod, CommendationProposal
from apps.decisions.selectors import commendation_candidates
from apps.notifications.models import Notification
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_cycle
from tests.conftest import client_for
from tests.decisions.factories import (
    first_period,
    make_authority,
    make_issued,
    make_proposed_spot,
)
from tests.factories import make_member, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(province):
    return make_unit(
        "Hội đồng Thi đua – Khen thưởng tỉnh",
        parent=province,
        kind=UnitKind.BOARD,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.EMULATION_COUNCIL,
        code="P40-TDKT",
    )


@pytest.fixture
def steering(province):
    return make_member(province, Role.STEERING, username="bcd_tinh")


@pytest.fixture
def recognised(province, authority, decision_maker):
    """Two recognised QCDC spots of 2025 in the province, one DVCQ spot, one of 2020."""
    make_authority(province)
    cycle_2025 = make_cycle(province, 2025)
    good = [
        make_proposed_spot(authority, name="Đối thoại với Nhân dân", cycle=cycle_2025),
        make_proposed_spot(authority, name='=HYPERLINK("http://x")', cycle=cycle_2025),
    ]
    other_kind = make_proposed_spot(
        authority, kind="dvcq", name="Dân vận chính quyền", cycle=cycle_2025
    )
    too_old = make_proposed_spot(authority, name="Năm 2020", cycle=make_cycle(province, 2020))
    make_issued(authority, [*good, other_kind, too_old], by=decision_maker)
    return good


@pytest.fixture
def proposal(steering, province, council, recognised):
    return services.proposal_create(period=first_period(), unit=province, kind="qcdc", by=steering)


def test_the_first_period_is_2021_to_2025_with_its_conference_in_2025(db):
    CommendationPeriod.objects.all().delete()
    migration = importlib.import_module(
        "apps.decisions.migrations.0002_default_commendation_period"
    )

    migration.add_first_period(django_apps, None)

    period = CommendationPeriod.objects.get()

    assert (period.start_year, period.end_year, period.conference_year) == (2021, 2025, 2025)


def test_proposal_goes_to_the_council_of_the_boards_level(proposal, council):
    assert proposal.council == council
    assert proposal.status == "draft"


def test_candidates_are_recognised_spots_of_the_period_kind_and_jurisdiction(
    proposal, recognised, other_province
):
    make_authority(other_province)
    elsewhere = make_proposed_spot(other_province, cycle=make_cycle(other_province, 2025))
    make_issued(other_province, [elsewhere])

    proposal = CommendationProposal.objects.get(pk=proposal.pk)  # the new root renumbered paths

    names = sorted(c.holder_name for c in commendation_candidates(proposal=proposal))

    assert names == sorted(s.name for s in recognised)


def test_revoked_certificates_are_not_candidates(proposal, recognised, decision_maker):
    decision = recognised[0].certificates.get().decision
    services.decision_revoke(decision=decision, by=decision_maker, reason="Sai sót")

    assert list(commendation_candidates(proposal=proposal)) == []


def test_only_a_steering_member_of_the_level_proposes(province, council, authority):
    leader = make_member(province, Role.LEADER)
    commune_board = make_member(authority, Role.STEERING)

    for user in (leader, commune_board):
        with pytest.raises(PermissionDenied):
            services.proposal_create(period=first_period(), unit=province, kind="qcdc", by=user)


@pytest.fixture
def kind_boards(province):
    """The province's BCĐ QCDC, BCĐ DVCQ and Ban Dân vận, each with one member."""
    functions = {
        "qcdc": BoardFunction.QCDC_STEERING,
        "dvcq": BoardFunction.DVCQ_STEERING,
        "dvk": BoardFunction.MASS_MOBILISATION,
    }
    return {
        kind: make_member(
            make_unit(
                f"Ban {kind}",
                parent=province,
                kind=UnitKind.BOARD,
                level=UnitLevel.PROVINCE,
                function=function,
                code=f"P40-{kind}",
            ),
            Role.STEERING,
            username=f"uy_vien_{kind}",
        )
        for kind, function in functions.items()
    }


def test_the_board_of_the_kind_proposes_that_kind_only(province, council, kind_boards):
    for kind, member in kind_boards.items():
        made = services.proposal_create(period=first_period(), unit=province, kind=kind, by=member)
        assert made.kind == kind
    qcdc_member = kind_boards["qcdc"]

    with pytest.raises(PermissionDenied) as refused:
        services.proposal_create(period=first_period(), unit=province, kind="dvk", by=qcdc_member)

    assert "Ban Dân vận" in str(refused.value)


def test_a_qcdc_board_member_may_not_edit_a_dvcq_proposal(province, council, kind_boards, steering):
    dvcq = services.proposal_create(period=first_period(), unit=province, kind="dvcq", by=steering)

    with pytest.raises(PermissionDenied):
        services.proposal_select(proposal=dvcq, certificate_ids=[], by=kind_boards["qcdc"])
    services.proposal_select(proposal=dvcq, certificate_ids=[], by=kind_boards["dvcq"])


def test_the_steering_role_of_the_level_proposes_every_kind(province, council, steering):
    kinds = [
        services.proposal_create(period=first_period(), unit=province, kind=kind, by=steering).kind
        for kind in ("qcdc", "dvcq", "dvk")
    ]

    assert kinds == ["qcdc", "dvcq", "dvk"]


def test_a_board_of_another_level_does_not_propose_for_the_province(province, council):
    district = make_unit("Huyện Nam Đàn", parent=province, kind=UnitKind.DISTRICT)
    district_board = make_unit(
        "BCĐ QCDC huyện", parent=district, kind=UnitKind.BOARD, function="bcd_qcdc"
    )
    member = make_member(district_board, Role.STEERING)

    with pytest.raises(PermissionDenied):
        services.proposal_create(period=first_period(), unit=province, kind="qcdc", by=member)


def test_the_start_page_offers_a_board_member_its_level_and_kind_only(
    province, council, kind_boards
):
    first_period()

    page = client_for(kind_boards["dvcq"]).get(reverse("decisions:commendation_create"))

    form = page.context["form"]
    assert [u.pk for u in form.fields["unit"].queryset] == [province.pk]
    assert [value for value, _label in form.fields["kind"].choices] == ["dvcq"]


def test_a_level_without_council_cannot_propose(authority):
    board = make_member(authority, Role.STEERING)

    with pytest.raises(ValidationError):
        services.proposal_create(period=first_period(), unit=authority, kind="qcdc", by=board)


@pytest.fixture
def district(province):
    """Huyện Nam Đàn with its emulation and commendation council."""
    district = make_unit(
        "Huyện Nam Đàn", parent=province, kind=UnitKind.DISTRICT, level=UnitLevel.DISTRICT
    )
    make_unit(
        "Hội đồng Thi đua – Khen thưởng huyện",
        parent=district,
        kind=UnitKind.BOARD,
        level=UnitLevel.DISTRICT,
        function=BoardFunction.EMULATION_COUNCIL,
    )
    return district


def test_a_district_proposes_only_for_a_period_whose_conference_it_holds(district):
    """Nghệ An's process: districts hold commendation conferences until 30/6/2025."""
    member = make_member(district, Role.STEERING)
    earlier = CommendationPeriod.objects.create(
        start_year=2016, end_year=2020, conference_year=2020
    )

    made = services.proposal_create(period=earlier, unit=district, kind="qcdc", by=member)
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(period=first_period(), unit=district, kind="qcdc", by=member)

    assert made.period == earlier
    assert refused.value.messages == [
        "Huyện Nam Đàn không tổ chức hội nghị biểu dương, khen thưởng giai đoạn 2021–2025."
    ]


def test_the_start_page_offers_a_district_only_while_a_period_has_its_conference(district):
    member = make_member(district, Role.STEERING)
    CommendationPeriod.objects.exclude(pk=first_period().pk).delete()
    client = client_for(member)

    without = client.get(reverse("decisions:commendation_create"))
    CommendationPeriod.objects.create(start_year=2016, end_year=2020, conference_year=2020)
    offered = client.get(reverse("decisions:commendation_create"))

    assert without.status_code == 404
    assert [u.pk for u in offered.context["form"].fields["unit"].queryset] == [district.pk]


def test_select_propose_and_record(proposal, steering, council, recognised):
    member = make_member(council, Role.STEERING, username="uy_vien_hoi_dong")
    certificates = [s.certificates.get() for s in recognised]
    services.proposal_select(
        proposal=proposal, certificate_ids=[c.pk for c in certificates], by=steering
    )

    services.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="45/TTr-BCĐ",
        letter_date=datetime.date(2025, 11, 1),
    )
    first_item = proposal.items.order_by("id").first()
    services.proposal_record_decision(
        proposal=proposal,
        by=steering,
        number="1234/QĐ-UBND",
        date=datetime.date(2025, 12, 10),
        signer="Lê Hồng Vinh",
        signer_title="Chủ tịch UBND tỉnh",
        commended_ids=[first_item.pk],
    )

    proposal.refresh_from_db()
    assert proposal.status == "decided"
    assert proposal.decision_number == "1234/QĐ-UBND"
    assert sorted(proposal.items.values_list("is_commended", flat=True)) == [False, True]
    assert Notification.objects.filter(user=member).count() == 1
    actions = list(
        AuditEvent.objects.filter(
            content_type__model="commendationproposal", object_id=str(proposal.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "select", "propose", "record_decision"]


def test_selection_is_frozen_once_proposed(proposal, steering, recognised):
    certificate = recognised[0].certificates.get()
    services.proposal_select(proposal=proposal, certificate_ids=[certificate.pk], by=steering)
    services.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="45/TTr-BCĐ",
        letter_date=datetime.date(2025, 11, 1),
    )

    with pytest.raises(PermissionDenied):
        services.proposal_select(proposal=proposal, certificate_ids=[], by=steering)


def test_a_certificate_outside_the_candidates_is_refused(proposal, steering, authority):
    spot = make_proposed_spot(authority, kind="dvcq")
    certificate = make_issued(authority, [spot]).certificates.get()

    with pytest.raises(ValidationError):
        services.proposal_select(proposal=proposal, certificate_ids=[certificate.pk], by=steering)


def test_empty_proposal_cannot_be_sent(proposal, steering):
    with pytest.raises(ValidationError):
        services.proposal_send(
            proposal=proposal,
            by=steering,
            letter_number="1",
            letter_date=datetime.date(2025, 11, 1),
        )


def test_export_lists_the_selection_and_never_runs_a_formula(proposal, steering, recognised):
    ids = [s.certificates.get().pk for s in recognised]
    services.proposal_select(proposal=proposal, certificate_ids=ids, by=steering)

    sheet = load_workbook(io.BytesIO(proposal_xlsx(proposal))).active

    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    names = sorted(row[1] for row in rows)
    assert names == ['\'=HYPERLINK("http://x")', "Đối thoại với Nhân dân"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].value.startswith(
        "Danh sách điểm sáng đề nghị khen thưởng giai đoạn 2021–2025"
    )


def test_commendation_through_the_pages(steering, province, council, recognised):
    client = client_for(steering)
    created = client.post(
        reverse("decisions:commendation_create"),
        {"period": first_period().pk, "unit": province.pk, "kind": "qcdc"},
    )
    proposal = CommendationProposal.objects.get()
    select_page = client.get(created.url)
    ids = [s.certificates.get().pk for s in recognised]
    client.post(created.url, {"certificates": ids})
    client.post(
        reverse("decisions:commendation_send", args=[proposal.pk]),
        {"letter_number": "45/TTr-BCĐ", "letter_date": "01/11/2025"},
    )
    client.post(
        reverse("decisions:commendation_record", args=[proposal.pk]),
        {
            "number": "1234/QĐ-UBND",
            "date": "10/12/2025",
            "signer": "Lê Hồng Vinh",
            "signer_title": "Chủ tịch UBND tỉnh",
            "commended": list(proposal.items.values_list("pk", flat=True)),
        },
    )
    export = client.get(reverse("decisions:commendation_export", args=[proposal.pk]))

    assert "Đối thoại với Nhân dân" in select_page.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.letter_number) == ("decided", "45/TTr-BCĐ")
    assert list(proposal.items.values_list("is_commended", flat=True)) == [True, True]
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_proposal_list_query_count_is_flat(
    steering, province, council, recognised, django_assert_max_num_queries
):
    client = client_for(steering)
    services.proposal_create(period=first_period(), unit=province, kind="qcdc", by=steering)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("decisions:commendation_list"))
    for kind in ("dvcq", "dvk"):
        services.proposal_create(period=first_period(), unit=province, kind=kind, by=steering)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("decisions:commendation_list"))

    assert response.content.decode().count("2021–2025") == 3


def test_empty_proposal_page_says_why_it_cannot_be_sent(proposal, steering):
    page = client_for(steering).get(proposal.get_absolute_url()).content.decode()

    assert "Hãy chọn ít nhất một điểm sáng, tập thể hoặc cá nhân để đề nghị." in page
    assert 'disabled aria-describedby="why-propose"' in page


def test_sent_proposal_page_offers_recording_the_decision(proposal, steering, recognised):
    certificate = recognised[0].certificates.get()
    services.proposal_select(proposal=proposal, certificate_ids=[certificate.pk], by=steering)
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="45", letter_date=datetime.date(2025, 11, 1)
    )

    page = client_for(steering).get(proposal.get_absolute_url()).content.decode()

    assert reverse("decisions:commendation_record", args=[proposal.pk]) in page
    assert reverse("decisions:commendation_send", args=[proposal.pk]) not in page

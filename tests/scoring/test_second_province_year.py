"""The second province's year, from its file alone (fixtures/process/tay-ninh.json,
loaded by ``manage.py load_process``): register → self-score → score → rank → report
(xlsx and PDF) → recognise → commend, in 2025, the last year of its 3-year review. No
line of the portal names the province (tests/scoring/conftest.py ``second_province``)."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationList
from apps.brightspots.services.registration import registration_list_send
from apps.brightspots.services.spots import bright_spot_create
from apps.cycles.process import process_of
from apps.decisions import services as decisions
from apps.decisions.models import Certificate
from apps.decisions.services import commendations
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from apps.scoring.documents import ranked_document
from apps.scoring.exports import ranked_workbook
from apps.scoring.selectors import ranked_rows
from tests.brightspots.factories import _default_criteria_set, make_cycle
from tests.conftest import client_for
from tests.factories import make_member
from tests.scoring.conftest import at
from tests.scoring.factories import full_points, open_round, scored, self_scored

pytestmark = pytest.mark.django_db


def _register(place, year):
    officer, leader = place.people["officer"], place.people["leader"]
    spot = bright_spot_create(
        unit=place.commune,
        cycle=place.cycle,
        by=officer,
        fields={
            "kind": "qcdc",
            "name": "Đối thoại trực tiếp với công nhân khu công nghiệp",
            "address": "Khu phố 2, phường Hòa Thành",
            "criteria_set": _default_criteria_set(),
        },
        activities=[
            {
                "description": "Hội nghị đối thoại",
                "start_date": datetime.date(year, 4, 1),
                "end_date": datetime.date(year, 5, 10),
            }
        ],
        now=at(year, 3, 1),
    )
    registration_list_send(
        registration_list=RegistrationList.objects.get(pk=spot.registration_list_id),
        by=leader,
        now=at(year, 3, 20),
    )
    spot.refresh_from_db()
    return spot


def _recognise(place, spot, *, now):
    """The commune's chair recognises the spot (the dossier's own steps are the
    dossiers app's, arranged here as its factories do)."""
    Dossier.objects.create(
        bright_spot=spot,
        status=DossierStatus.PROPOSED,
        created_by=place.people["officer"],
        updated_by=place.people["officer"],
        letter_number="15/CV-UBND",
        letter_date=now.date() - datetime.timedelta(days=30),
    )
    type(spot).objects.filter(pk=spot.pk).update(status=BrightSpotStatus.IN_RECOGNITION)
    chair = place.people["decision_maker"]
    draft = decisions.decision_create(
        authority=place.commune, bright_spots=[spot], by=chair, now=now
    )
    decisions.decision_update(decision=draft, by=chair, values={"signer_name": "Trần Văn Bình"})
    return decisions.decision_issue(decision=draft, by=chair, now=now)


def _commend(place, spot, *, now):
    """The province's steering board proposes the spot, a collective and an individual
    for its 3-year review, records the conference and the Chủ tịch UBND tỉnh's bằng
    khen."""
    province, review = place.province, place.review
    steering = make_member(province, Role.STEERING, username="tn_bcd")
    proposal = commendations.proposal_create(
        period=review, unit=province, kind="qcdc", by=steering, now=now
    )
    certificate = Certificate.objects.get(bright_spot=spot)
    commendations.proposal_select(
        proposal=proposal, certificate_ids=[certificate.pk], by=steering, now=now
    )
    collective = commendations.proposal_add_collective(
        proposal=proposal, unit=place.department, by=steering, now=now
    )
    person = commendations.proposal_add_individual(
        proposal=proposal,
        full_name="Phạm Thị Thu",
        unit=place.commune,
        position="Chủ tịch UBND phường",
        by=steering,
        now=now,
    )
    commendations.conference_save(
        unit=province,
        period=review,
        held_on=datetime.date(2025, 12, 5),
        place="Hội trường UBND tỉnh",
        delegates=300,
        document_number="05/BB-BCĐ",
        by=steering,
        now=now,
    )
    commendations.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="30/TTr-BCĐ",
        letter_date=datetime.date(2025, 12, 8),
        now=now,
    )
    return commendations.proposal_record_decision(
        proposal=proposal,
        by=steering,
        number="2500/QĐ-UBND",
        date=datetime.date(2025, 12, 15),
        signer="Nguyễn Văn A",
        signer_title="Chủ tịch UBND tỉnh",
        award="bang_khen",
        commended_ids=list(proposal.items.values_list("pk", flat=True)),
        commended_honoree_ids=[collective.pk, person.pk],
        now=now,
    )


def test_the_second_provinces_year_runs_from_its_file(second_province):
    place = SimpleNamespace(
        **{**vars(second_province), "cycle": make_cycle(second_province.province, 2025)}
    )
    process = process_of(cycle=place.cycle)
    assert process.kind_codes == ("qcdc", "dvcq")
    assert place.cycle.recognition_closes == datetime.date(2025, 11, 20)

    # register
    spot = _register(place, 2025)
    assert spot.status == BrightSpotStatus.REGISTERED
    assert [r.board.function for r in spot.registration_list.routings.all()] == ["bcd_qcdc"]

    # self-score (by 15/10) and score (by 20/11), each by the scorer of the unit's kind
    october, november = at(2025, 10, 10), at(2025, 11, 15)
    scoring_round = open_round(place, now=at(2025, 10, 1))
    assert (scoring_round.self_score_due, scoring_round.score_due) == (
        datetime.date(2025, 10, 15),
        datetime.date(2025, 11, 20),
    )
    commune, department, party = (
        self_scored(
            place,
            unit,
            staff=place.people[staff],
            leader=place.people[leader],
            scoring_round=scoring_round,
            now=october,
        )
        for unit, staff, leader in [
            (place.commune, "officer", "leader"),
            (place.department, "dept_officer", "dept_leader"),
            (place.party, "party_officer", "party_leader"),
        ]
    )
    sheet = scoring_round.sheet_id
    scored(
        commune, by=place.people["noi_vu"], points=full_points(sheet, less={"2.3": 3}), now=november
    )
    scored(
        department,
        by=place.people["noi_vu"],
        points=full_points(sheet, less={"2.1": 15, "2.2": 15}),
        now=november,
    )
    scored(
        party,
        by=place.people["ban_dan_van"],
        points={**full_points(sheet, less={"3.3": 10}), "4.1": 5, "4.2": 2},
        now=november,
    )

    # rank
    rows = ranked_rows(scoring_round)
    assert [(r.rank, r.card.unit.name, r.card.scorer_total, r.card.final_class) for r in rows] == [
        (1, "Phường Hòa Thành", Decimal(97), "Xuất sắc"),
        (2, "Đảng ủy Khối cơ quan và Doanh nghiệp tỉnh", Decimal(93), "Xuất sắc"),
        (3, "Sở Giáo dục và Đào tạo", Decimal(70), "Khá"),
    ]
    assert [r.card.scorer_unit for r in rows] == [
        place.boards["noi_vu"],
        place.boards["ban_dan_van"],
        place.boards["noi_vu"],
    ]

    # report: xlsx and PDF
    workbook = load_workbook(io.BytesIO(ranked_workbook(scoring_round=scoring_round, rows=rows)))
    table = [[cell.value for cell in row] for row in workbook.active.iter_rows(min_row=4)]
    assert [row[:5] for row in table] == [
        [1, "Phường Hòa Thành", 100, 97, "Xuất sắc"],
        [2, "Đảng ủy Khối cơ quan và Doanh nghiệp tỉnh", 100, 93, "Xuất sắc"],
        [3, "Sở Giáo dục và Đào tạo", 100, 70, "Khá"],
    ]
    document = ranked_document(scoring_round=scoring_round, today=datetime.date(2025, 11, 20))
    assert document["doc_type"] == "BÁO CÁO"
    response = client_for(place.people["observer"]).get(f"/scoring/rounds/{scoring_round.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")

    # recognise
    decision = _recognise(place, spot, now=at(2025, 11, 20))
    spot.refresh_from_db()
    assert spot.status == BrightSpotStatus.RECOGNISED
    assert decision.certificates.get().kind == "qcdc"

    # commend, in the province's own 3-year review laid out from its file
    decided = _commend(place, spot, now=at(2025, 12, 20))
    assert (place.review.start_year, place.review.end_year) == (2023, 2025)
    assert decided.council == place.boards["council"]
    assert (decided.status, decided.decision_award) == ("decided", "bang_khen")
    assert list(decided.items.values_list("bright_spot", "is_commended")) == [(spot.pk, True)]
    assert sorted(
        decided.honorees.values_list("kind", "unit__name", "full_name", "is_commended")
    ) == [
        ("collective", "Sở Giáo dục và Đào tạo", "", True),
        ("individual", "Phường Hòa Thành", "Phạm Thị Thu", True),
    ]

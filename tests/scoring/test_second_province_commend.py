"""The commend step of the second province's year, on its data alone: its own 3-year
review period (2023–2025, from its file), a collective and an individual proposed to its emulation
and commendation council and given the Chủ tịch UBND tỉnh's bằng khen, its conference
recorded; no line of code names the province."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.cycles.models import ProcessVersion
from apps.decisions import services
from apps.decisions.models import CommendationPeriod
from apps.decisions.selectors import periods_for
from apps.decisions.services.commendations import (
    conference_save,
    proposal_add_collective,
    proposal_add_individual,
)
from tests.decisions.factories import first_period
from tests.factories import make_member
from tests.scoring.conftest import FIXTURE, at

pytestmark = pytest.mark.django_db

NOW = at(2025, 12, 20)


@pytest.fixture
def review(second_province):
    """The province's 3-year review, laid out from its file by ``load_process``."""
    return second_province.review


def test_the_second_province_commends_a_collective_and_an_individual_in_its_review(
    second_province, review
):
    province = second_province.province
    steering = make_member(province, Role.STEERING, username="tn_bcd")
    proposal = services.proposal_create(
        period=review, unit=province, kind="qcdc", by=steering, now=NOW
    )
    collective = proposal_add_collective(
        proposal=proposal, unit=second_province.commune, by=steering, now=NOW
    )
    person = proposal_add_individual(
        proposal=proposal,
        full_name="Phạm Thị Thu",
        unit=second_province.department,
        position="Phó Giám đốc Sở",
        by=steering,
        now=NOW,
    )
    conference_save(
        unit=province,
        period=review,
        held_on=datetime.date(2025, 11, 20),
        place="Hội trường UBND tỉnh",
        delegates=300,
        document_number="05/BB-BCĐ",
        by=steering,
        now=NOW,
    )
    services.proposal_send(
        proposal=proposal,
        by=steering,
        letter_number="30/TTr-BCĐ",
        letter_date=datetime.date(2025, 11, 25),
        now=NOW,
    )

    decided = services.proposal_record_decision(
        proposal=proposal,
        by=steering,
        number="2500/QĐ-UBND",
        date=datetime.date(2025, 12, 15),
        signer="Nguyễn Văn A",
        signer_title="Chủ tịch UBND tỉnh",
        award="bang_khen",
        commended_ids=[],
        commended_honoree_ids=[collective.pk, person.pk],
        now=NOW,
    )

    assert (review.start_year, review.end_year, review.conference_year) == (2023, 2025, 2025)
    assert list(periods_for(province)) == [review]
    assert decided.council == second_province.boards["council"]
    assert (decided.status, decided.decision_award) == ("decided", "bang_khen")
    assert sorted(decided.honorees.values_list("kind", "is_commended")) == [
        ("collective", True),
        ("individual", True),
    ]
    with pytest.raises(ValidationError):
        conference_save(
            unit=province,
            period=review,
            held_on=datetime.date(2025, 11, 21),
            place="Khác",
            delegates=1,
            document_number="06",
            by=steering,
            now=NOW,
        )


def test_the_default_period_is_not_the_second_provinces_once_it_has_its_own(
    second_province, review
):
    steering = make_member(second_province.province, Role.STEERING, username="tn_bcd")

    with pytest.raises(ValidationError) as refused:
        services.proposal_create(
            period=first_period(), unit=second_province.province, kind="qcdc", by=steering
        )

    assert "không phải là giai đoạn khen thưởng của Tỉnh Tây Ninh (thử)" in " ".join(
        refused.value.messages
    )


def test_the_files_periods_need_the_user_they_are_laid_out_by(second_province):
    periods = CommendationPeriod.objects.filter(province=second_province.province)

    with pytest.raises(CommandError) as refused:
        call_command("load_process", str(FIXTURE), province="TN-TEST")
    call_command("load_process", str(FIXTURE), province="TN-TEST", by="tn_admin")

    assert "--by" in str(refused.value)
    assert list(periods.values_list("start_year", "end_year")) == [(2023, 2025)]
    assert (
        AuditEvent.objects.filter(
            action="create", actor=second_province.people["admin"], object_id=str(periods.get().pk)
        ).count()
        == 1
    )


def test_a_user_who_may_not_lay_out_periods_loads_nothing(second_province):
    versions = ProcessVersion.objects.filter(province=second_province.province).count()

    with pytest.raises(CommandError):
        call_command("load_process", str(FIXTURE), province="TN-TEST", by="tn_observer")

    assert ProcessVersion.objects.filter(province=second_province.province).count() == versions

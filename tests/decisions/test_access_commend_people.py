"""Access rows of the pages of collectives and individuals in a commendation proposal,
the conference record and the printable list."""

import datetime

import pytest
from django.urls import reverse

from apps.decisions import services
from apps.decisions.models import CommendationConference, HonoreeKind
from apps.decisions.services.commendations import proposal_add_collective
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit
from tests.access import assert_audited, assert_success, check_access
from tests.decisions.factories import first_period
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

# Who reads a provincial proposal, and who proposes it.
READERS = {"steering", "observer", "admin"}
PROPOSER = {"steering"}


@pytest.fixture
def proposal(personas):
    province = Unit.objects.get(pk=personas.province.pk)
    make_unit(
        "Hội đồng TĐKT tỉnh",
        parent=province,
        kind=UnitKind.BOARD,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.EMULATION_COUNCIL,
        code="P40-TDKT",
    )
    return services.proposal_create(
        period=first_period(), unit=province, kind="qcdc", by=personas.users["steering"]
    )


def url(name, *args):
    return reverse(name, args=args)


def test_people_page_and_print_access(personas, proposal):
    check_access(
        personas, "get", url("decisions:commendation_people", proposal.pk), allowed=READERS
    )
    check_access(personas, "get", url("decisions:commendation_print", proposal.pk), allowed=READERS)


def test_add_collective_access(personas, proposal):
    commune = personas.commune

    def added(proposal, by, response):
        assert list(proposal.honorees.values_list("kind", "unit_id")) == [
            (HonoreeKind.COLLECTIVE, commune.pk)
        ]
        assert_audited(proposal, "add_collective", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        url("decisions:commendation_add_collective", proposal.pk),
        allowed=PROPOSER,
        allowed_status=302,
        data={"unit": commune.pk},
        fresh=lambda: proposal,
        effect=added,
    )


def test_add_individual_access(personas, proposal):
    def added(proposal, by, response):
        assert list(proposal.honorees.values_list("full_name", "position")) == [
            ("Nguyễn Thị Hoa", "Chủ tịch UBND phường")
        ]
        assert_audited(proposal, "add_individual", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        url("decisions:commendation_add_individual", proposal.pk),
        allowed=PROPOSER,
        allowed_status=302,
        data={
            "full_name": "Nguyễn Thị Hoa",
            "unit": personas.commune.pk,
            "position": "Chủ tịch UBND phường",
        },
        fresh=lambda: proposal,
        effect=added,
    )


def test_remove_honoree_access(personas, proposal):
    steering = personas.users["steering"]

    def fresh():
        proposal.honorees.all().delete()
        return proposal_add_collective(proposal=proposal, unit=personas.commune, by=steering)

    def removed(honoree, by, response):
        assert not proposal.honorees.exists()
        assert_audited(proposal, "remove_honoree", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda honoree: url("decisions:commendation_remove_honoree", proposal.pk, honoree.pk),
        allowed=PROPOSER,
        allowed_status=302,
        fresh=fresh,
        effect=removed,
    )


def test_conference_access(personas, proposal):
    target = url("decisions:commendation_conference", personas.province.pk, first_period().pk)
    data = {
        "held_on": "15/10/2025",
        "place": "Hội trường tỉnh",
        "delegates": "250",
        "document_number": "12/BB-BCĐ",
    }

    def saved(_nothing, by, response):
        record = CommendationConference.objects.get()
        assert (record.delegates, record.held_on) == (250, datetime.date(2025, 10, 15))
        assert_audited(record, "create", by=by)
        CommendationConference.objects.all().delete()

    check_access(personas, "get", target, allowed=READERS)
    check_access(
        personas,
        "post",
        target,
        allowed=PROPOSER,
        allowed_status=302,
        data=data,
        effect=saved,
    )

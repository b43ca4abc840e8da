"""Only the nearest recognising authority of a bright spot's level recognises it, and
only a decision maker of that authority signs for it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.enums import Role
from apps.decisions import services
from apps.decisions.selectors import nearest_authority, recognisable_bright_spots
from apps.units.enums import UnitKind, UnitLevel
from tests.decisions.factories import (
    decision_maker_of,
    in_window,
    make_authority,
    make_draft,
    make_proposed_spot,
)
from tests.factories import make_member, make_unit

pytestmark = pytest.mark.django_db


def test_nearest_authority_is_the_unit_itself_when_it_recognises(authority):
    assert nearest_authority(authority) == authority


def test_nearest_authority_of_an_agency_subunit_is_the_agency(province):
    make_authority(province)
    agency = make_authority(
        make_unit("Sở Nội vụ", parent=province, kind=UnitKind.DEPARTMENT, level=UnitLevel.PROVINCE)
    )
    office = make_unit("Văn phòng Sở", parent=agency, kind=UnitKind.SUBUNIT, level=UnitLevel.UNIT)

    assert nearest_authority(office) == agency


def test_nearest_authority_skips_units_that_do_not_recognise(province, commune):
    make_authority(province)

    assert nearest_authority(commune) == province


def test_right_authority_issues_and_recognises(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)

    issued = services.decision_issue(decision=decision, by=decision_maker, now=in_window(spots))

    assert issued.status == "issued"
    assert sorted(
        s.status for s in type(spots[0]).objects.filter(pk__in=[s.pk for s in spots])
    ) == [
        "recognised",
        "recognised",
    ]


def test_wrong_level_province_decision_maker_is_refused(province, authority, spots):
    """The commune recognises its own bright spots: the province may not."""
    make_authority(province)
    chairman = decision_maker_of(province)

    with pytest.raises(ValidationError):
        services.decision_create(authority=province, bright_spots=spots, by=chairman)


def test_wrong_level_province_decision_maker_cannot_sign_for_the_commune(
    province, authority, spots
):
    make_authority(province)
    chairman = decision_maker_of(province)

    with pytest.raises(PermissionDenied):
        services.decision_create(authority=authority, bright_spots=spots, by=chairman)


def test_outside_the_subtree_is_refused(authority, other_commune, spots):
    make_authority(other_commune)
    other_chairman = decision_maker_of(other_commune)

    with pytest.raises(ValidationError):
        services.decision_create(authority=other_commune, bright_spots=spots, by=other_chairman)
    with pytest.raises(PermissionDenied):
        services.decision_create(authority=authority, bright_spots=spots, by=other_chairman)


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.LEADER, Role.APPRAISER, Role.STEERING, Role.OBSERVER, Role.ADMIN]
)
def test_wrong_role_is_refused(authority, spots, role):
    someone = make_member(authority, role)

    with pytest.raises(PermissionDenied):
        services.decision_create(authority=authority, bright_spots=spots, by=someone)


def test_wrong_role_cannot_issue_a_draft(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)
    leader = make_member(authority, Role.LEADER)

    with pytest.raises(PermissionDenied):
        services.decision_issue(decision=decision, by=leader)

    decision.refresh_from_db()
    assert decision.status == "draft"


def test_unit_that_is_no_authority_cannot_issue(other_commune):
    spot = make_proposed_spot(other_commune)
    someone = decision_maker_of(other_commune)

    with pytest.raises(PermissionDenied):
        services.decision_create(authority=other_commune, bright_spots=[spot], by=someone)


def test_province_recognises_bright_spots_of_a_commune_without_authority(province, commune):
    make_authority(province)
    chairman = decision_maker_of(province)
    spot = make_proposed_spot(commune)

    decision = services.decision_create(authority=province, bright_spots=[spot], by=chairman)

    assert list(decision.bright_spots.all()) == [spot]


def test_candidates_exclude_deeper_authorities_and_unproposed_spots(province, authority):
    make_authority(province)
    at_province = make_proposed_spot(province, name="Điểm sáng của tỉnh")
    make_proposed_spot(authority, name="Điểm sáng của phường")
    from tests.brightspots.factories import make_bright_spot

    make_bright_spot(province, status="in_progress", name="Chưa đề nghị")

    names = [s.name for s in recognisable_bright_spots(authority=province)]

    assert names == [at_province.name]


def test_a_spot_in_another_draft_is_refused(authority, decision_maker, spots):
    make_draft(authority, spots[:1], by=decision_maker)

    with pytest.raises(ValidationError):
        make_draft(authority, spots, by=decision_maker)

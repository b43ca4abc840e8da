import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.scoring.selectors import ranked_rows
from apps.units.enums import UnitKind, UnitLevel
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.queries import page_queries
from tests.scoring.factories import full_points, open_round, scored, self_scored

pytestmark = pytest.mark.django_db


def _scored_communes(place, scoring_round, count, start=0):
    for n in range(start, start + count):
        unit = make_unit(f"Xã {n}", parent=place.province, code=f"TN-X{n}")
        card = self_scored(
            place,
            unit,
            staff=make_member(unit, Role.OFFICER),
            leader=make_member(unit, Role.LEADER),
            scoring_round=scoring_round,
        )
        scored(
            card,
            by=place.people["noi_vu"],
            points=full_points(scoring_round.sheet_id, less={"1.1": n % 10}),
        )


def test_the_ranked_table_is_one_query_and_its_page_costs_the_same_at_any_size(
    second_province, django_assert_num_queries
):
    place = second_province
    scoring_round = open_round(place)
    url = reverse("scoring:round", args=[scoring_round.pk])
    client = client_for(place.people["observer"])
    _scored_communes(place, scoring_round, 1)
    for _warm in range(2):  # the first requests fill the session and the menu's counts
        page_queries(client, url)
    one = page_queries(client, url)

    _scored_communes(place, scoring_round, 4, start=1)

    assert page_queries(client, url) == one
    with django_assert_num_queries(1):
        rows = ranked_rows(scoring_round)
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]


def test_ties_share_a_rank_and_unscored_units_follow_unranked(second_province):
    place = second_province
    scoring_round = open_round(place)
    _scored_communes(place, scoring_round, 2)  # 100 and 99
    twin = make_unit(
        "Sở Tư pháp",
        parent=place.province,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
        code="TN-STP",
    )
    card = self_scored(
        place,
        twin,
        staff=make_member(twin, Role.OFFICER),
        leader=make_member(twin, Role.LEADER),
        scoring_round=scoring_round,
    )
    scored(
        card, by=place.people["noi_vu"], points=full_points(scoring_round.sheet_id, less={"1.1": 1})
    )
    self_scored(
        place,
        place.commune,
        staff=place.people["officer"],
        leader=place.people["leader"],
        scoring_round=scoring_round,
    )

    rows = ranked_rows(scoring_round)

    assert [(r.rank, r.card.unit.name) for r in rows] == [
        (1, "Xã 0"),
        (2, "Sở Tư pháp"),
        (2, "Xã 1"),
        (None, "Phường Hòa Thành"),
    ]

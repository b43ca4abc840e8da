import copy
import itertools

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.scoring import services
from apps.scoring.enums import ScorecardStatus, Side
from apps.scoring.models import ScoringRound
from apps.scoring.sheets import sheet_load
from apps.units.models import Unit
from tests.access import COMMUNE_STAFF, check_access
from tests.brightspots.factories import make_cycle
from tests.factories import make_member
from tests.scoring.conftest import FIXTURE, at
from tests.scoring.factories import full_points

pytestmark = pytest.mark.django_db
NOW = at(2026, 10, 10)
FOLLOWERS = {"appraiser", "steering", "observer", "admin"}
IN_PROVINCE = FOLLOWERS | COMMUNE_STAFF | {"officer_other", "decision_maker"}
YEARS = itertools.count(2030)


@pytest.fixture
def setup(personas, boards):
    """Nghệ An's province with the file's sheet, every unit kind scored by Sở Nội vụ,
    where the steering persona sits (the scorer)."""
    import json

    data = copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8"))["scoring_sheets"][0])
    data["scorers"] = [{"unit_kind": "commune", "scorer": "noi_vu"}]
    sheet_load(data, province=personas.province)
    make_member(boards["noi_vu"], Role.APPRAISER, user=personas.users["steering"])
    return personas


def _commune(personas):
    return Unit.objects.get(pk=personas.commune.pk)


def _round(personas) -> ScoringRound:
    cycle = make_cycle(personas.province, next(YEARS))
    return services.round_open(cycle=cycle, by=personas.users["admin"], now=NOW)


def _card(personas, *, submitted=False, scorer_draft=False):
    scoring_round = _round(personas)
    officer = personas.users["officer"]
    card = services.scorecard_start(
        scoring_round=scoring_round, unit=_commune(personas), by=officer, now=NOW
    )
    points = full_points(scoring_round.sheet_id)
    services.score_save(scorecard=card, side=Side.SELF, by=officer, points=points, now=NOW)
    if submitted:
        card = services.scorecard_submit(scorecard=card, by=personas.users["leader"], now=NOW)
    if scorer_draft:
        services.score_save(
            scorecard=card, side=Side.SCORER, by=personas.users["steering"], points=points, now=NOW
        )
    return card


def test_round_list_access(setup):
    check_access(setup, "get", reverse("scoring:rounds"), allowed=IN_PROVINCE | {"outsider"})


def test_open_round_access(setup):
    def opened(cycle, by, response):
        assert ScoringRound.objects.filter(cycle=cycle).count() == 1

    check_access(
        setup,
        "post",
        lambda cycle: reverse("scoring:open", args=[cycle.pk]),
        allowed={"admin", "steering"},
        allowed_status=302,
        fresh=lambda: make_cycle(setup.province, next(YEARS)),
        effect=opened,
    )


def test_round_page_access(setup):
    card = _card(setup)
    check_access(setup, "get", reverse("scoring:round", args=[card.round_id]), allowed=IN_PROVINCE)


@pytest.mark.parametrize("name", ["scoring:round_xlsx", "scoring:round_pdf"])
def test_round_exports_access(setup, name):
    card = _card(setup)
    check_access(setup, "get", reverse(name, args=[card.round_id]), allowed=FOLLOWERS)


def test_start_access(setup):
    scoring_round = _round(setup)

    def started(_obj, by, response):
        assert scoring_round.scorecards.count() == 1

    check_access(
        setup,
        "post",
        reverse("scoring:start", args=[scoring_round.pk, setup.commune.pk]),
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        effect=started,
    )


def test_card_page_access(setup):
    card = _card(setup)
    check_access(
        setup,
        "get",
        reverse("scoring:card", args=[card.pk]),
        allowed=FOLLOWERS | COMMUNE_STAFF | {"decision_maker"},
    )


def test_submit_access(setup):
    def submitted(card, by, response):
        card.refresh_from_db()
        assert card.status == ScorecardStatus.SUBMITTED

    check_access(
        setup,
        "post",
        lambda card: reverse("scoring:submit", args=[card.pk]),
        allowed={"leader", "two_roles"},
        allowed_status=302,
        turned_back={"officer", "decision_maker", "appraiser", "steering", "observer", "admin"},
        fresh=lambda: _card(setup),
        effect=submitted,
    )


@pytest.mark.parametrize(
    ("verb", "state", "data"),
    [
        ("score", ScorecardStatus.SCORED, {}),
        ("return", ScorecardStatus.RETURNED, {"reason": "Thiếu minh chứng"}),
    ],
)
def test_scorer_steps_access(setup, verb, state, data):
    def done(card, by, response):
        card.refresh_from_db()
        assert card.status == state

    check_access(
        setup,
        "post",
        lambda card: reverse(f"scoring:{verb}", args=[card.pk]),
        allowed={"steering"},
        allowed_status=302,
        data=data,
        turned_back=COMMUNE_STAFF | {"decision_maker", "appraiser", "observer", "admin"},
        fresh=lambda: _card(setup, submitted=True, scorer_draft=True),
        effect=done,
    )

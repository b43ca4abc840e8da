"""Scoring rows made through the services (the steps are what the tests are about)."""

from apps.scoring import services
from apps.scoring.enums import Side
from apps.scoring.sheets import read_sheet
from tests.scoring.conftest import at

OCTOBER = at(2026, 10, 10)
NOVEMBER = at(2026, 11, 15)


def open_round(place, *, now=OCTOBER):
    return services.round_open(cycle=place.cycle, by=place.people["admin"], now=now)


def full_points(sheet_id, *, less: dict | None = None) -> dict:
    """Every earned-points item at its points, minus ``less`` (code -> points off)."""
    less = less or {}
    return {
        i.code: i.points - less.get(i.code, 0)
        for i in read_sheet(sheet_id).items
        if i.nature == "points"
    }


def self_scored(place, unit, *, staff, leader, points=None, now=OCTOBER, scoring_round=None):
    """``unit``'s scorecard with a submitted self-score (default: every item full)."""
    scoring_round = scoring_round or open_round(place, now=now)
    card = services.scorecard_start(scoring_round=scoring_round, unit=unit, by=staff, now=now)
    services.score_save(
        scorecard=card,
        side=Side.SELF,
        by=staff,
        points=points or full_points(scoring_round.sheet_id),
        now=now,
    )
    return services.scorecard_submit(scorecard=card, by=leader, now=now)


def scored(card, *, by, points, now=NOVEMBER):
    services.score_save(scorecard=card, side=Side.SCORER, by=by, points=points, now=now)
    return services.scorecard_score(scorecard=card, by=by, now=now)

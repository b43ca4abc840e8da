"""Who opens a round, who self-scores, who scores.

The province's supervising roles and its boards follow the round; a unit's staff write
its self-score and its leader submits it; the scorer is a member (appraiser or steering
seat) of the board the sheet's rules assign to the unit's kind, right under the
province: no one else scores, whatever their reach.
"""

from apps.accounts.enums import BOARD_ACTORS, SUPERVISORS, UNIT_READERS, UNIT_STAFF, Role
from apps.accounts.permissions import has_role, is_superuser, memberships, rule
from apps.reports.permissions import is_reporting_unit, sits_on_a_board_of
from apps.scoring.enums import SELF_EDITABLE

ROUND_OPENERS = frozenset({Role.ADMIN, Role.STEERING})


def follows_province(user, province) -> bool:
    return has_role(user, SUPERVISORS, province) or sits_on_a_board_of(user, province)


def is_scorer(user, scorecard) -> bool:
    """A member of the board that scores the scorecard's unit (the sheet's rules)."""
    from apps.scoring.selectors import scorer_board

    if is_superuser(user):
        return True
    board = scorer_board(scorecard)
    return board is not None and any(
        m.unit_id == board.pk and m.role in BOARD_ACTORS for m in memberships(user)
    )


@rule("scoring.menu")
def sees_scoring(user, _obj=None) -> bool:
    """The scoring pages are offered to the people of a province that scores its units
    (a province without a sheet, Nghệ An's default, never sees them)."""
    from apps.scoring.sheets import unit_scoring_provinces

    if is_superuser(user):
        return True
    roots = {m.unit.path[: m.unit.steplen] for m in memberships(user)}
    if not roots:
        return False
    provinces = unit_scoring_provinces(user)
    return provinces is None or bool(roots & provinces)


@rule("scoring.open_round")
def can_open_round(user, cycle) -> bool:
    return has_role(user, ROUND_OPENERS, cycle.province)


@rule("scoring.view_round")
def can_view_round(user, scoring_round) -> bool:
    return follows_province(user, scoring_round.cycle.province)


@rule("scoring.start")
def can_start(user, unit) -> bool:
    return is_reporting_unit(unit) and has_role(user, UNIT_STAFF, unit)


@rule("scoring.view_card")
def can_view_card(user, scorecard) -> bool:
    return (
        has_role(user, UNIT_READERS, scorecard.unit)
        or follows_province(user, scorecard.round.cycle.province)
        or is_scorer(user, scorecard)
    )


@rule("scoring.edit_self")
def can_edit_self(user, scorecard) -> bool:
    return scorecard.status in SELF_EDITABLE and has_role(user, UNIT_STAFF, scorecard.unit)


@rule("scoring.submit")
def can_submit(user, scorecard) -> bool:
    """The unit's leader sends the self-score (the service checks the state)."""
    return has_role(user, Role.LEADER, scorecard.unit)


@rule("scoring.score")
def can_score(user, scorecard) -> bool:
    return is_scorer(user, scorecard)


@rule("scoring.view_sheets")
def can_view_sheets(user, province) -> bool:
    """The province's scoring sheets (read-only): those who open its rounds."""
    return province.depth == 1 and has_role(user, ROUND_OPENERS, province)


@rule("scoring.extend")
def can_extend(user, scoring_round) -> bool:
    """A later date for one unit's side: those who open the province's rounds."""
    return has_role(user, ROUND_OPENERS, scoring_round.cycle.province)

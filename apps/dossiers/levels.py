""" "Cùng cấp": the level that recognises a bright spot, and who appraises and writes the
request letter at it (guidance lines 91–95).

The rule, read from the unit tree (``fixtures/nghe_an_agencies.csv``, the demo data):

- The level of a bright spot is its recognising authority (``Unit.objects.authority_of``):
  its own unit when that unit recognises (a commune or ward after the 2025 reform, a
  department, a school or hospital marked as one), else the nearest ancestor that does
  (a department's subunit → the department; a commune in a tree where communes are not
  marked → the province). When no unit on the path is marked (a tree still being set up), the
  province (the root) stands for the level.
- The boards of a level are the units with a board function placed directly under the
  authority's node: Ban Dân vận Tỉnh ủy, the BCĐ QCDC and the BCĐ DVCQ tỉnh sit under
  the province (P40-BDV, P40-QCDC, P40-DVCQ under P40), i.e. beside a commune the
  province recognises; a commune's or an agency's own boards sit under it. A board of a
  higher level is not "cùng cấp": the province's Ban Dân vận does not appraise what a
  commune or a department recognises itself.
- Appraisers (part 2): ``Role.APPRAISER`` held in the authority itself (its officer in
  charge of QCDC) or in one of its Ban Dân vận boards (``MASS_MOBILISATION``). Held in
  an ancestor or a sibling unit, the role does not reach: only a one-dossier grant does.
- The request letter (part 3): the leadership of the authority itself
  (``LetterIssuer.LEADERSHIP``) or the authority's board for the spot's kind: the board
  the process of the spot's year routes the kind's lists to (``Process.routes``; in
  Nghệ An the BCĐ QCDC, the BCĐ DVCQ, the Ban Dân vận for Dân vận khéo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apps.accounts.enums import Role
from apps.accounts.permissions import memberships
from apps.cycles.process import process_of
from apps.dossiers.enums import LetterIssuer
from apps.units.enums import BoardFunction
from apps.units.models import Unit
from apps.units.querysets import in_level_q, is_board_of

if TYPE_CHECKING:
    from apps.dossiers.models import Dossier

APPRAISING_BOARDS = (BoardFunction.MASS_MOBILISATION,)


def recognising_level(unit: Unit) -> Unit:
    """The authority whose level is "cùng cấp" for a bright spot of ``unit`` (one or
    two queries); the province when no unit on its path is a recognising authority."""
    return Unit.objects.authority_of(unit) or Unit.objects.get(path=unit.path[: unit.steplen])


def dossier_level(dossier: Dossier) -> Unit:
    """``recognising_level`` of the dossier's unit, read once per dossier object."""
    cached = dossier.__dict__.get("_recognising_level")
    if cached is None:
        cached = recognising_level(dossier.bright_spot.unit)
        dossier.__dict__["_recognising_level"] = cached
    return cached


def _appraiser_seats(user) -> list[Unit]:
    return [m.unit for m in memberships(user) if m.role == Role.APPRAISER]


def appraises_at_level(user, dossier: Dossier) -> bool:
    """``user`` holds ``Role.APPRAISER`` in the dossier's recognising authority or in one
    of its Ban Dân vận boards. No query unless one of the user's seats could be one."""
    unit = dossier.bright_spot.unit
    paths = set(unit.ancestor_paths())
    seats = [
        seat
        for seat in _appraiser_seats(user)
        if seat.path in paths
        or (seat.function in APPRAISING_BOARDS and seat.path[: -seat.steplen] in paths)
    ]
    if not seats:
        return False
    level = dossier_level(dossier)
    return any(seat.pk == level.pk or is_board_of(seat, level, APPRAISING_BOARDS) for seat in seats)


def board_seat_reach_q(user, unit_field: str = "bright_spot__unit") -> Q | None:
    """Rows in the level of each authority on whose Ban Dân vận board the user appraises
    (a board's own subtree does not hold what it appraises); None when the user holds
    no such seat. One query for the boards' authorities."""
    boards = [s for s in _appraiser_seats(user) if s.function in APPRAISING_BOARDS and s.depth > 1]
    if not boards:
        return None
    parents = Unit.objects.filter(path__in={b.path[: -b.steplen] for b in boards}, is_active=True)
    where = None
    for parent in parents:
        if parent.is_recognising_authority or parent.depth == 1:
            where = (
                in_level_q(parent, unit_field)
                if where is None
                else where | in_level_q(parent, unit_field)
            )
    return where


def letter_board(dossier: Dossier) -> str:
    """The function of the board that writes the request letter beside the leadership:
    the board the process routes the spot's kind to."""
    spot = dossier.bright_spot
    return process_of(cycle_id=spot.cycle_id).routes[spot.kind].board


def letter_issuing_units(dossier: Dossier):
    """Who may issue the request letter: the authority's leadership (the authority
    itself) or its board for the spot's kind (see the module's docstring)."""
    level = dossier_level(dossier)
    boards = Unit.objects.boards_of(level, [letter_board(dossier)])
    return Unit.objects.filter(Q(pk=level.pk) | Q(pk__in=boards.values("pk"))).filter(
        is_active=True
    )


def expected_issuer(unit: Unit, level: Unit) -> str:
    """What ``unit`` issues a request letter as: the leadership when it is the authority
    itself, the Ban Dân vận, or a steering board."""
    if unit.pk == level.pk:
        return LetterIssuer.LEADERSHIP
    if unit.function == BoardFunction.MASS_MOBILISATION:
        return LetterIssuer.MASS_MOBILISATION
    return LetterIssuer.STEERING_BOARD

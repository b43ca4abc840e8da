"""Reads of scoring: the board that scores a unit, a scorecard's two sides item by item,
and the ranked, classified table of a round (one query whatever its size)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from apps.accounts.permissions import is_superuser, memberships
from apps.cycles.selectors import DeadlineClosed, local_today
from apps.scoring.enums import ScorecardStatus, Side
from apps.scoring.models import (
    Scorecard,
    ScoreVersion,
    ScoringExtension,
    ScoringRound,
    ScoringSheet,
)
from apps.scoring.sheets import Sheet, Totals, points_text, read_sheet, sheet_of_row
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.dossiers.models import CriterionAssessment, Dossier


def scorer_board(scorecard: Scorecard) -> Unit | None:
    """The board right under the province with the function the round's sheet assigns
    to the unit's kind (None: no rule, or the province has no such board)."""
    function = read_sheet(scorecard.round.sheet_id).scorer_function(scorecard.unit)
    if not function:
        return None
    province = scorecard.round.cycle.province
    return Unit.objects.boards_of(province, [function]).order_by("path").first()


@dataclass(frozen=True)
class ScoringDue:
    """Where one side of one unit's scoring stands against its date on one day, as
    ``cycles.selectors.DeadlineStatus`` does for the cycle's deadlines: ``deadline`` is
    the unit's last allowed day (its extension when later than the round's date)."""

    side: str
    today: datetime.date
    round_date: datetime.date
    deadline: datetime.date
    has_extension: bool

    @property
    def is_open(self) -> bool:
        return self.today <= self.deadline

    @property
    def under_extension(self) -> bool:
        return self.is_open and self.today > self.round_date

    @property
    def message(self) -> str:
        """Why the side's writes are refused (empty while open), naming the date."""
        if self.is_open:
            return ""
        if self.side == Side.SELF:
            text = _("The self-score was due on %(date)s; it can no longer be written or sent.")
        else:
            text = _("Scores were due on %(date)s; this unit can no longer be scored.")
        hint = _("Ask the province's administrator for an extension if you need one.")
        return f"{text % {'date': self.deadline.strftime('%d/%m/%Y')}} {hint}"

    def refuse(self) -> None:
        """Raise ``DeadlineClosed`` once the date has passed."""
        if not self.is_open:
            raise DeadlineClosed(self.message, code="deadline_closed")


def scoring_due(
    *,
    scoring_round: ScoringRound,
    unit: Unit,
    side: str,
    status: str = ScorecardStatus.DRAFT,
    at: datetime.datetime | None = None,
) -> ScoringDue:
    """The date ``side`` of ``unit``'s scoring is due: the round's self-score date for
    the unit (but a self-score the scorer returned may be sent again until the scores'
    date, or the return would leave no time), the scores' date for the scorer; a later
    extension of the unit's side wins. A date counts until 23:59:59 local time. One
    query."""
    if side == Side.SELF and status != ScorecardStatus.RETURNED:
        round_date = scoring_round.self_score_due
    else:
        round_date = max(scoring_round.self_score_due, scoring_round.score_due)
    extension = (
        ScoringExtension.objects.filter(round=scoring_round, unit=unit, side=side)
        .values_list("new_date", flat=True)
        .first()
    )
    deadline = max(round_date, extension) if extension else round_date
    return ScoringDue(
        side=side,
        today=local_today(at),
        round_date=round_date,
        deadline=deadline,
        has_extension=bool(extension and extension > round_date),
    )


def card_due(scorecard: Scorecard, side: str, at: datetime.datetime | None = None) -> ScoringDue:
    return scoring_due(
        scoring_round=scorecard.round,
        unit=scorecard.unit,
        side=side,
        status=scorecard.status,
        at=at,
    )


def draft_of(scorecard: Scorecard, side: str) -> ScoreVersion | None:
    return (
        ScoreVersion.objects.filter(scorecard=scorecard, side=side, submitted_at__isnull=True)
        .order_by("-number")
        .first()
    )


def unscored_items(version: ScoreVersion) -> list[str]:
    """Codes of the sheet's earned-points items the version gives no points to (bonus
    and penalty items may stay empty)."""
    sheet = read_sheet(version.scorecard.round.sheet_id)
    given = set(version.entries.values_list("item_id", flat=True))
    return [i.code for i in sheet.items if i.nature == "points" and i.id not in given]


def latest_versions(scorecard: Scorecard) -> dict[str, ScoreVersion]:
    """The newest version of each side (a draft, or the last submitted), entries
    loaded: two queries."""
    found: dict[str, ScoreVersion] = {}
    for version in scorecard.versions.prefetch_related("entries").order_by("number"):
        found[version.side] = version
    return found


@dataclass(frozen=True)
class ItemRow:
    code: str
    text: str
    points: Decimal
    nature: str
    item_id: int
    self_points: Decimal | None
    scorer_points: Decimal | None
    self_note: str
    scorer_note: str
    typed: str | None = None  # what the user typed, shown again after a refusal


@dataclass(frozen=True)
class SideBySide:
    sheet: Sheet
    groups: list[tuple[object, list[ItemRow], object, object]]  # group, rows, self, scorer
    self_version: ScoreVersion | None
    scorer_version: ScoreVersion | None
    self_totals: Totals
    scorer_totals: Totals
    versions: list[ScoreVersion]


def side_by_side(scorecard: Scorecard) -> SideBySide:
    """The sheet's items with the unit's and the scorer's points beside each, the
    group subtotals and totals of both (computed, not stored), and every version."""
    sheet = read_sheet(scorecard.round.sheet_id)
    latest = latest_versions(scorecard)
    entries = {
        side: {e.item_id: e for e in version.entries.all()} for side, version in latest.items()
    }
    own, theirs = entries.get(Side.SELF, {}), entries.get(Side.SCORER, {})
    self_totals = sheet.totals({k: e.points for k, e in own.items()})
    scorer_totals = sheet.totals({k: e.points for k, e in theirs.items()})
    groups = []
    for index, group in enumerate(sheet.groups):
        rows = [
            ItemRow(
                item.code,
                item.text,
                item.points,
                item.nature,
                item.id,
                own[item.id].points if item.id in own else None,
                theirs[item.id].points if item.id in theirs else None,
                own[item.id].note if item.id in own else "",
                theirs[item.id].note if item.id in theirs else "",
            )
            for item in group.items
        ]
        groups.append((group, rows, self_totals.groups[index], scorer_totals.groups[index]))
    return SideBySide(
        sheet=sheet,
        groups=groups,
        self_version=latest.get(Side.SELF),
        scorer_version=latest.get(Side.SCORER),
        self_totals=self_totals,
        scorer_totals=scorer_totals,
        versions=list(
            ScoreVersion.objects.filter(scorecard=scorecard)
            .select_related("submitted_by")
            .filter(submitted_at__isnull=False)
            .order_by("side", "number")
        ),
    )


@dataclass(frozen=True)
class RankedRow:
    rank: int | None
    card: Scorecard


def ranked_rows(scoring_round: ScoringRound) -> list[RankedRow]:
    """Every scorecard of the round, best score first (ties share a rank; cards not
    scored yet follow, unranked, by self-score): one query."""
    cards = (
        Scorecard.objects.filter(round=scoring_round)
        .select_related("unit", "scorer_unit")
        .order_by(
            F("scorer_total").desc(nulls_last=True),
            F("self_total").desc(nulls_last=True),
            "unit__name",
        )
    )
    rows, rank, previous = [], 0, None
    for position, card in enumerate(cards, start=1):
        if card.scorer_total is None:
            rows.append(RankedRow(None, card))
            continue
        if card.scorer_total != previous:
            rank, previous = position, card.scorer_total
        rows.append(RankedRow(rank, card))
    return rows


def class_counts(rows: list[RankedRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        if row.card.final_class:
            counts[row.card.final_class] = counts.get(row.card.final_class, 0) + 1
    return counts


def rounds_visible_to(user: User) -> QuerySet:
    """The rounds of the provinces the user follows, or holds a unit role in."""
    rounds = ScoringRound.objects.select_related("cycle__province", "sheet")
    if is_superuser(user):
        return rounds
    paths = {m.unit.path[: m.unit.steplen] for m in memberships(user)}
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(cycle__province__path=path)
    return rounds.filter(q)


def my_cards(user: User, scoring_round: ScoringRound) -> QuerySet:
    """The round's scorecards of the units where the user is staff (one query)."""
    from apps.accounts.enums import UNIT_READERS
    from apps.accounts.permissions import reach_q

    return (
        Scorecard.objects.filter(round=scoring_round)
        .filter(reach_q(user, UNIT_READERS))
        .select_related("unit")
        .order_by("unit__name")
    )


@dataclass(frozen=True)
class SheetPage:
    """One sheet as the read-only sheets page shows it."""

    row: ScoringSheet
    sheet: Sheet
    rules: list[tuple[str, bool | None, str, str]]  # kind label, party, function, board
    dossier_kinds: list[str]  # names of the kinds of bright spot whose dossiers it scores


def province_sheets(province: Unit) -> list[SheetPage]:
    """Every version of the province's scoring sheets (the portal's default ones when it
    has none), newest first per code, with the board each scorer rule names in the
    province: a fixed number of queries, whatever the number of sheets and items."""
    from apps.cycles.process import current_process
    from apps.units.enums import BoardFunction, UnitKind

    rows = list(
        ScoringSheet.objects.filter(province=province)
        .prefetch_related("groups__items", "bands", "scorer_rules")
        .order_by("code", "-number")
    ) or list(
        ScoringSheet.objects.filter(province__isnull=True)
        .prefetch_related("groups__items", "bands", "scorer_rules")
        .order_by("code", "-number")
    )
    functions = {r.scorer_function for row in rows for r in row.scorer_rules.all()}
    boards = {
        b.function: b.name for b in Unit.objects.boards_of(province, functions).order_by("-path")
    }
    kinds, board_labels = dict(UnitKind.choices), dict(BoardFunction.choices)
    process = current_process(province)
    return [
        SheetPage(
            row=row,
            sheet=sheet_of_row(row),
            rules=[
                (
                    kinds.get(r.unit_kind, r.unit_kind),
                    r.party_body,
                    board_labels.get(r.scorer_function, r.scorer_function),
                    boards.get(r.scorer_function, ""),
                )
                for r in row.scorer_rules.all()
            ],
            dossier_kinds=[process.label(code) for code in row.dossier_kinds],
        )
        for row in rows
    ]


def round_extensions(scoring_round: ScoringRound) -> QuerySet:
    """The round's extensions with their unit and grantor (one query)."""
    return (
        ScoringExtension.objects.filter(round=scoring_round)
        .select_related("unit", "granted_by")
        .order_by("unit__name", "side")
    )


# --- dossiers scored on a sheet ------------------------------------------------------------


@dataclass(frozen=True)
class DossierPointRow:
    code: str
    text: str
    points: Decimal
    nature: str
    in_criteria: bool  # the dossier's criteria set has a criterion of this number
    self_points: Decimal | None
    appraiser_points: Decimal | None


@dataclass(frozen=True)
class DossierPoints:
    """A dossier's criteria scores laid on its scoring sheet: the unit's self-assessment
    and the appraiser's scores side by side, item by item, with group subtotals,
    totals, classes and the threshold; ``recorded`` when a submitted version named the
    sheet (it then stays the dossier's sheet, whatever the province loads later)."""

    sheet: Sheet
    groups: list[tuple[object, list[DossierPointRow], object, object]]
    self_totals: Totals
    appraiser_totals: Totals
    has_findings: bool
    problems: list[str]
    recorded: bool


def last_version(dossier: Dossier) -> tuple[int, int | None]:
    """(number, scoring sheet id) of the dossier's last submitted version; (0, None)
    before its first submission. One query, read once per dossier object: a submit's
    snapshot numbers its version and finds its sheet from the same row."""
    from apps.dossiers.models import DossierVersion

    cached = dossier.__dict__.get("_last_version")
    if cached is None:
        row = (
            DossierVersion.objects.filter(dossier=dossier)
            .order_by("-number")
            .values_list("number", "data__scoring__sheet")
            .first()
        )
        number, sheet = row or (0, None)
        cached = dossier.__dict__["_last_version"] = (number, int(sheet) if sheet else None)
    return cached


def forget_last_version(dossier: Dossier) -> None:
    """Drop what ``last_version`` read on this dossier object (a new version was made)."""
    dossier.__dict__.pop("_last_version", None)


def recorded_sheet_id(dossier: Dossier) -> int | None:
    """The sheet the dossier's last submitted version was scored on (``last_version``)."""
    return last_version(dossier)[1]


def sheet_for_dossier(dossier: Dossier) -> tuple[int | None, bool]:
    """(sheet id, recorded): the sheet named by the dossier's last version, else the
    sheet the province's data names for the bright spot's kind (None: not scored on a
    sheet). Two queries at most."""
    from apps.scoring.sheets import dossier_sheet

    recorded = recorded_sheet_id(dossier)
    if recorded is not None:
        return recorded, True
    spot = dossier.bright_spot
    sheet = dossier_sheet(province_path=spot.unit.path[: spot.unit.steplen], kind=spot.kind)
    return (sheet.pk if sheet else None), False


def dossier_points(
    dossier: Dossier, assessments: Iterable[CriterionAssessment]
) -> DossierPoints | None:
    """The dossier's points on its sheet (None: its kind is not scored on a sheet), from
    ``assessments`` (the dossier's rows with their criteria, as the page has them):
    each item takes the score of the criterion with its number. An item with no such
    criterion, or whose points differ from the criterion's maximum, is named in
    ``problems`` (it counts 0 while unscored)."""
    sheet_id, recorded = sheet_for_dossier(dossier)
    if sheet_id is None:
        return None
    sheet = read_sheet(sheet_id)
    by_number = {a.criterion.number: a for a in assessments}
    own = {
        item.id: by_number[item.code].score
        for item in sheet.items
        if item.code in by_number and by_number[item.code].score is not None
    }
    found = {
        item.id: by_number[item.code].finding_score
        for item in sheet.items
        if item.code in by_number and by_number[item.code].finding_score is not None
    }
    self_totals, appraiser_totals = sheet.totals(own), sheet.totals(found)
    groups, problems = [], []
    for index, group in enumerate(sheet.groups):
        rows = []
        for item in group.items:
            assessment = by_number.get(item.code)
            if assessment is None:
                problems.append(
                    _("Item %(code)s of the scoring sheet is not a criterion of this dossier.")
                    % {"code": item.code}
                )
            elif assessment.criterion.max_score != item.points:
                problems.append(
                    _(
                        "Criterion %(code)s is scored out of %(max)s, the scoring sheet gives "
                        "it %(points)s points."
                    )
                    % {
                        "code": item.code,
                        "max": points_text(assessment.criterion.max_score or Decimal(0)),
                        "points": points_text(item.points),
                    }
                )
            rows.append(
                DossierPointRow(
                    item.code,
                    item.text,
                    item.points,
                    item.nature,
                    assessment is not None,
                    own.get(item.id),
                    found.get(item.id),
                )
            )
        groups.append((group, rows, self_totals.groups[index], appraiser_totals.groups[index]))
    return DossierPoints(
        sheet=sheet,
        groups=groups,
        self_totals=self_totals,
        appraiser_totals=appraiser_totals,
        has_findings=bool(found),
        problems=problems,
        recorded=recorded,
    )

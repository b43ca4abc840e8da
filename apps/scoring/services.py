"""Every write of scoring: opening a year's round, a unit's scorecard, saving points on
one side, and the three steps (submit, return, score) through the workflow primitive.
Keyword-only; ``now`` is passed in; each write is audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.enums import UNIT_STAFF
from apps.accounts.models import User
from apps.accounts.permissions import can, has_role
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, transition
from apps.cycles.models import Cycle
from apps.scoring.enums import SELF_EDITABLE, Side
from apps.scoring.enums import ScorecardStatus as S
from apps.scoring.models import (
    Scorecard,
    ScoreEntry,
    ScoreVersion,
    ScoringExtension,
    ScoringRound,
    ScoringSheet,
)
from apps.scoring.selectors import card_due, draft_of, scorer_board, scoring_due
from apps.scoring.sheets import current_sheet, points_text, read_sheet, sheet_problems
from apps.scoring.workflow import SCORECARD_WORKFLOW
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.dossiers.models import CriterionAssessment, Dossier


def _require(user: User, action: str, obj, message: str) -> None:
    if not can(user, action, obj):
        raise NotPermitted(message)


def round_problems(*, sheet: ScoringSheet, province: Unit) -> list[str]:
    """Why ``sheet`` cannot score ``province``'s units: the sheet's own problems, and
    every scorer its rules name that the province has not set up as a board."""
    data = read_sheet(sheet.pk)
    problems = sheet_problems(data)
    functions = sorted({function for _kind, _party, function in data.rules})
    present = set(Unit.objects.boards_of(province, functions).values_list("function", flat=True))
    for function in functions:
        if function not in present:
            problems.append(
                _(
                    "The scoring sheet names the board “%(function)s” as a scorer, but the "
                    "province has no such board."
                )
                % {"function": function}
            )
    return problems


def round_open(
    *, cycle: Cycle, by: User, now: datetime.datetime, sheet: ScoringSheet | None = None
) -> ScoringRound:
    """Open ``cycle``'s scoring round on ``sheet`` (default: the province's current
    sheet). Refused unless ``by`` is the province's administrator or steering member
    and the sheet passes ``round_problems``. Effects: the sheet is frozen (in use); its
    dates are set in the cycle's year; audit "open". Opening twice returns the round."""
    _require(by, "scoring.open_round", cycle, _("You may not open a scoring round here."))
    sheet = sheet or current_sheet(cycle.province)
    if sheet is None:
        raise Refused(_("The province has no scoring sheet."), code="sheet")
    if sheet.province_id not in (None, cycle.province_id):
        raise Refused(_("This scoring sheet belongs to another province."), code="sheet")
    problems = round_problems(sheet=sheet, province=cycle.province)
    if problems:
        raise Refused(problems, code="sheet")
    (self_day, self_month), (day, month) = read_sheet(sheet.pk).due
    with transaction.atomic():
        found = ScoringRound.objects.filter(cycle=cycle, sheet=sheet).first()
        if found:
            return found
        ScoringSheet.objects.filter(pk=sheet.pk, frozen_at__isnull=True).update(frozen_at=now)
        scoring_round = ScoringRound.objects.create(
            cycle=cycle,
            sheet=sheet,
            self_score_due=datetime.date(cycle.year, self_month, self_day),
            score_due=datetime.date(cycle.year, month, day),
            opened_by=by,
            opened_at=now,
        )
        audit_record(actor=by, target=scoring_round, action="open", at=now)
    return scoring_round


def scorecard_start(
    *, scoring_round: ScoringRound, unit: Unit, by: User, now: datetime.datetime
) -> Scorecard:
    """The unit's scorecard in the round, with an empty self-score draft (the existing
    one when started before). Refused unless ``by`` is the unit's staff, the unit is in
    the round's province, the sheet's rules name a scorer for its kind and the
    self-score's date (or the unit's extension) has not passed."""
    _require(by, "scoring.start", unit, _("You may not score this unit."))
    province = scoring_round.cycle.province
    if not unit.path.startswith(province.path) or unit.pk == province.pk:
        raise Refused(_("This unit is not in the round's province."), code="unit")
    if not read_sheet(scoring_round.sheet_id).scorer_function(unit):
        raise Refused(
            _("The scoring sheet names no scorer for units of this kind; it cannot be scored."),
            code="unit",
        )
    found = Scorecard.objects.filter(round=scoring_round, unit=unit).first()
    if found is not None:
        return found
    scoring_due(scoring_round=scoring_round, unit=unit, side=Side.SELF, at=now).refuse()
    with transaction.atomic():
        try:
            with transaction.atomic():
                card = Scorecard.objects.create(round=scoring_round, unit=unit, created_by=by)
        except IntegrityError:
            return Scorecard.objects.get(round=scoring_round, unit=unit)
        ScoreVersion.objects.create(scorecard=card, side=Side.SELF, number=1, created_by=by)
        audit_record(actor=by, target=card, action="scorecard_start", to_state=card.status, at=now)
    return card


def _open_draft(card: Scorecard, side: str, by: User) -> ScoreVersion:
    """The side's draft; after a submitted version, a new one starting from its points
    (the submitted one stays as it was)."""
    draft = draft_of(card, side)
    if draft is not None:
        return draft
    last = card.versions.filter(side=side).order_by("-number").first()
    draft = ScoreVersion.objects.create(
        scorecard=card, side=side, number=(last.number + 1) if last else 1, created_by=by
    )
    if last is not None:
        ScoreEntry.objects.bulk_create(
            ScoreEntry(version=draft, item_id=e.item_id, points=e.points, note=e.note)
            for e in last.entries.all()
        )
    return draft


def _clean_points(sheet, points: dict[str, object]) -> dict[int, Decimal | None]:
    """Points by item id; a value that is not a number, below 0 or above the item's
    points is refused with a sentence naming the item (nothing is written)."""
    by_code = {item.code: item for item in sheet.items}
    cleaned, errors = {}, {}
    for code, raw in points.items():
        item = by_code.get(code)
        if item is None:
            raise Refused(_("The item %(code)s is not on this sheet.") % {"code": code})
        if raw in (None, ""):
            cleaned[item.id] = None
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            errors[code] = _("Item %(code)s: “%(value)s” is not a number of points.") % {
                "code": code,
                "value": raw,
            }
            continue
        if value < 0 or value > item.points:
            errors[code] = _(
                "Item %(code)s: %(value)s points is outside 0 to %(max)s, the item's points."
            ) % {"code": code, "value": points_text(value), "max": points_text(item.points)}
            continue
        cleaned[item.id] = value
    if errors:
        raise Refused(errors, code="points")
    return cleaned


def score_save(
    *,
    scorecard: Scorecard,
    side: str,
    by: User,
    points: dict[str, object],
    notes: dict[str, str] | None = None,
    now: datetime.datetime,
) -> ScoreVersion:
    """Save points (by item code; empty clears) on ``side``'s draft of the scorecard.
    The unit's staff write the self-score while it is a draft or returned; the assigned
    scorer writes the score while the self-score is submitted, each until the side's
    date (``selectors.scoring_due``: the round's, or the unit's extension). A submitted
    version is never changed: this writes the side's draft (a new version after a
    return). Effects: the entries; audit "score_save"."""
    with transaction.atomic():
        card = SCORECARD_WORKFLOW.locked(scorecard)
        if side == Side.SELF:
            if card.status not in SELF_EDITABLE and has_role(by, UNIT_STAFF, card.unit):
                raise Refused(_("The self-score was submitted; it can no longer be changed."))
            _require(by, "scoring.edit_self", card, _("You may not write this self-score."))
        else:
            _require(
                by, "scoring.score", card, _("Only the scorer the rules assign scores this unit.")
            )
            if card.status != S.SUBMITTED:
                raise Refused(_("Only a submitted self-score can be scored."))
        card_due(card, side, now).refuse()
        cleaned = _clean_points(read_sheet(card.round.sheet_id), points)
        draft = _open_draft(card, side, by)
        notes = notes or {}
        codes = {item.id: item.code for item in read_sheet(card.round.sheet_id).items}
        ScoreEntry.objects.filter(version=draft, item_id__in=list(cleaned)).delete()
        ScoreEntry.objects.bulk_create(
            ScoreEntry(
                version=draft,
                item_id=item_id,
                points=value,
                note=notes.get(codes[item_id], "")[:1000],
            )
            for item_id, value in cleaned.items()
            if value is not None
        )
        audit_record(actor=by, target=card, action="score_save", data={"side": side}, at=now)
    return draft


def _freeze(card: Scorecard, side: str, by: User, now) -> ScoreVersion:
    draft = draft_of(card, side)
    sheet = read_sheet(card.round.sheet_id)
    totals = sheet.totals({e.item_id: e.points for e in draft.entries.all()})
    draft.total, draft.band = totals.total, totals.band
    draft.submitted_at, draft.submitted_by = now, by
    draft.save(update_fields=["total", "band", "submitted_at", "submitted_by"])
    return draft, totals


def scorecard_submit(*, scorecard: Scorecard, by: User, now: datetime.datetime) -> Scorecard:
    """The unit's leader submits the self-score (every item given points). Effects: the
    draft version is frozen with its total and class; the card shows the self total."""

    def effect(card, by, now):
        version, _totals = _freeze(card, Side.SELF, by, now)
        return {"self_total": version.total, "return_reason": ""}

    return transition(SCORECARD_WORKFLOW, scorecard, verb="submit", by=by, now=now, effect=effect)


def scorecard_return(
    *, scorecard: Scorecard, by: User, reason: str, now: datetime.datetime
) -> Scorecard:
    """The assigned scorer returns the self-score with a reason; the unit writes a new
    version (the submitted one is kept). The scorer's draft, if any, is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give the reason for the return."), code="reason")
    return transition(
        SCORECARD_WORKFLOW,
        scorecard,
        verb="return",
        by=by,
        now=now,
        comment=reason,
        effect=lambda card, by, now: {"return_reason": reason},
    )


def scorecard_score(*, scorecard: Scorecard, by: User, now: datetime.datetime) -> Scorecard:
    """The assigned scorer records the score (every item given points). Effects: the
    scorer's version is frozen; the card records the total, the class, whether it
    reaches the threshold and the scoring board."""

    def effect(card, by, now):
        version, totals = _freeze(card, Side.SCORER, by, now)
        return {
            "scorer_total": version.total,
            "final_class": totals.band,
            "passed": totals.passed,
            "scorer_unit": scorer_board(card),
        }

    return transition(SCORECARD_WORKFLOW, scorecard, verb="score", by=by, now=now, effect=effect)


def scoring_extension_grant(
    *,
    scoring_round: ScoringRound,
    unit: Unit,
    side: str,
    new_date: datetime.date,
    reason: str,
    by: User,
    now: datetime.datetime,
) -> ScoringExtension:
    """Give ``unit`` until ``new_date`` for one side of its scoring in the round (its
    self-score, or the scorer's score of it). Refused unless ``by`` may open the
    province's rounds, the unit is in the province, a reason is given and the date is
    after the round's date for that side. Granting again moves the date. Effects: the
    extension; audit "extend" on the round with the unit, side, date and reason."""
    _require(by, "scoring.extend", scoring_round, _("You may not extend this scoring round."))
    province = scoring_round.cycle.province
    if unit.pk == province.pk or not unit.path.startswith(province.path):
        raise Refused({"unit": _("This unit is not in the round's province.")})
    if side not in Side.values:
        raise Refused({"side": _("Choose whose date is extended.")})
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": _("Give the reason for the extension.")})
    round_date = scoring_due(scoring_round=scoring_round, unit=unit, side=side).round_date
    if new_date <= round_date:
        raise Refused(
            {
                "new_date": _("The new date must be after %(date)s, the round's date.")
                % {"date": round_date.strftime("%d/%m/%Y")}
            }
        )
    with transaction.atomic():
        extension, _created = ScoringExtension.objects.update_or_create(
            round=scoring_round,
            unit=unit,
            side=side,
            defaults={"new_date": new_date, "reason": reason, "granted_by": by},
        )
        audit_record(
            actor=by,
            target=scoring_round,
            action="extend",
            comment=reason,
            data={"unit": unit.pk, "side": side, "new_date": new_date.isoformat()},
            at=now,
        )
    return extension


def dossier_points_record(
    *, dossier: Dossier, assessments: Iterable[CriterionAssessment], now: datetime.datetime
) -> dict | None:
    """What a dossier's submitted version keeps of its scoring sheet (None: its kind is
    not scored on a sheet): the sheet, the unit's total and class and whether it
    reaches the threshold. Called by the dossier's submit, inside its transaction.
    Effects: the sheet is frozen (in use), so the version's points always read the
    same."""
    from apps.scoring.selectors import dossier_points

    points = dossier_points(dossier, assessments)
    if points is None:
        return None
    ScoringSheet.objects.filter(pk=points.sheet.id, frozen_at__isnull=True).update(frozen_at=now)
    totals = points.self_totals
    return {
        "sheet": points.sheet.id,
        "title": points.sheet.title,
        "maximum": str(points.sheet.maximum.quantize(Decimal("0.01"))),
        "total": str(totals.total),
        "band": totals.band,
        "passed": totals.passed,
    }


def process_with_sheets_load(
    data: dict,
    *,
    province: Unit | None,
    by: User | None = None,
    publish: bool = True,
    now: datetime.datetime | None = None,
):
    """A province's process version (``apps.cycles.process.process_load``), each of its
    scoring sheets (``sheets.sheet_load``) and its commendation periods
    (``commendation_periods``: first year, length, count, laid out by
    ``apps.decisions.services.commendations.commendation_periods_plan`` as ``by``) from
    one file, in one transaction: nothing is written when any is refused. Periods need
    a province and a ``by`` allowed to lay them out. Returns (version, sheets, periods)."""
    from apps.cycles.process import process_load
    from apps.decisions.services.commendations import commendation_periods_plan
    from apps.scoring.sheets import sheet_load

    plans = data.get("commendation_periods", [])
    if plans and (province is None or by is None):
        raise Refused(
            _("Commendation periods are laid out for a province, by its administrator."),
            code="periods",
        )
    with transaction.atomic():
        version = process_load(data, province=province, by=by, publish=publish)
        sheets = [
            sheet_load(row, province=province, by=by) for row in data.get("scoring_sheets", [])
        ]
        periods = [
            period
            for plan in plans
            for period in commendation_periods_plan(
                province=province,
                first_year=int(plan["first_year"]),
                length=int(plan["length"]),
                count=int(plan.get("count", 1)),
                by=by,
                now=now,
            )
        ]
    return version, sheets, periods

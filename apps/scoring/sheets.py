"""A scoring sheet read once (``Sheet``), the totals of a score on it, the checks a
sheet must pass (``sheet_problems``) and loading one from its file
(``fixtures/process/*.json``, key ``scoring``).

A sheet in use never changes (``ScoringSheet.frozen_at``), so it is kept in memory once
read, as the process versions are (``apps/cycles/process.py``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.reference import kept
from apps.core.workflow import Refused
from apps.cycles.process import day_month
from apps.scoring.enums import ItemNature
from apps.scoring.models import ClassBand, ScorerRule, ScoringSheet, SheetGroup, SheetItem

ZERO = Decimal(0)


@dataclass(frozen=True)
class Item:
    id: int
    code: str
    text: str
    points: Decimal
    nature: str


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    weight: Decimal
    items: tuple[Item, ...]

    @property
    def maximum(self) -> Decimal:
        return self.weight * sum(
            (i.points for i in self.items if i.nature != ItemNature.PENALTY), ZERO
        )


@dataclass(frozen=True)
class Band:
    name: str
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class GroupTotal:
    group: Group
    subtotal: Decimal  # earned + bonus - penalty, before the weight
    weighted: Decimal


@dataclass(frozen=True)
class Totals:
    groups: tuple[GroupTotal, ...]
    total: Decimal
    band: str
    passed: bool | None


@dataclass(frozen=True)
class Sheet:
    id: int
    title: str
    pass_threshold: Decimal | None
    groups: tuple[Group, ...]
    bands: tuple[Band, ...]
    rules: tuple[tuple[str, bool | None, str], ...]  # (unit kind, party body, function)
    due: tuple[tuple[int, int], tuple[int, int]]  # (day, month) self-score, scores
    dossier_kinds: tuple[str, ...] = ()  # kinds whose dossiers it scores (none: units)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for group in self.groups for item in group.items)

    @property
    def maximum(self) -> Decimal:
        """The highest total: every earned and bonus point, weighted."""
        return sum((group.maximum for group in self.groups), ZERO)

    def band_for(self, total: Decimal) -> str:
        for band in self.bands:
            if band.lower <= total < band.upper or (band is self.bands[-1] and total == band.upper):
                return band.name
        return ""

    def scorer_function(self, unit) -> str:
        """The function of the board that scores ``unit`` ("" when no rule names its
        kind): a rule naming the unit's Party-body flag wins over one that does not."""
        found = [
            (party is not None, function)
            for kind, party, function in self.rules
            if kind == unit.kind and (party is None or party == unit.is_party_body)
        ]
        return max(found)[1] if found else ""

    def totals(self, points: dict[int, Decimal]) -> Totals:
        """The group subtotals, the total (never below 0), its class and whether it
        reaches the threshold, of ``points`` by item id (missing items count 0)."""
        groups = []
        for group in self.groups:
            subtotal = ZERO
            for item in group.items:
                value = points.get(item.id) or ZERO
                subtotal += -value if item.nature == ItemNature.PENALTY else value
            groups.append(GroupTotal(group, subtotal, subtotal * group.weight))
        total = max(sum((g.weighted for g in groups), ZERO), ZERO).quantize(Decimal("0.01"))
        passed = None if self.pass_threshold is None else total >= self.pass_threshold
        return Totals(tuple(groups), total, self.band_for(total), passed)


_BY_SHEET: dict[int, Sheet] = {}


def read_sheet(sheet_id: int) -> Sheet:
    """The sheet, read in four queries, kept in memory once it is frozen."""
    if sheet_id in _BY_SHEET:
        return _BY_SHEET[sheet_id]
    row = ScoringSheet.objects.prefetch_related("groups__items", "bands", "scorer_rules").get(
        pk=sheet_id
    )
    sheet = sheet_of_row(row)
    if row.frozen_at is not None:
        _BY_SHEET[sheet_id] = sheet
    return sheet


def sheet_of_row(row: ScoringSheet) -> Sheet:
    """The ``Sheet`` of a row whose groups, items, bands and rules are prefetched."""
    return Sheet(
        id=row.pk,
        title=row.title,
        pass_threshold=row.pass_threshold,
        groups=tuple(
            Group(
                g.code,
                g.title,
                g.weight,
                tuple(
                    Item(i.pk, i.code, i.text, i.points, i.nature)
                    for i in sorted(g.items.all(), key=lambda i: i.order)
                ),
            )
            for g in row.groups.all()
        ),
        bands=tuple(Band(b.name, b.lower, b.upper) for b in row.bands.all()),
        rules=tuple((r.unit_kind, r.party_body, r.scorer_function) for r in row.scorer_rules.all()),
        due=((row.self_score_day, row.self_score_month), (row.score_day, row.score_month)),
        dossier_kinds=tuple(row.dossier_kinds),
    )


def points_text(value: Decimal) -> str:
    """Points as a page writes them: 7.5, 100 (no trailing zeros)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def sheet_problems(sheet: Sheet) -> list[str]:
    """Why ``sheet`` cannot be used, one Vietnamese sentence each (empty: it can): no
    item, a threshold above the maximum, classes that overlap, leave a gap or do not
    reach the maximum, no rule naming who scores, two rules for the same units."""
    problems = []
    if not sheet.items:
        problems.append(_("The scoring sheet has no item."))
    maximum = sheet.maximum
    if sheet.pass_threshold is not None and sheet.pass_threshold > maximum:
        problems.append(
            _(
                "The pass threshold (%(threshold)s points) is above the sheet's maximum "
                "(%(max)s points)."
            )
            % {"threshold": points_text(sheet.pass_threshold), "max": points_text(maximum)}
        )
    problems += _band_problems(sheet.bands, maximum)
    if not sheet.rules and not sheet.dossier_kinds:
        problems.append(_("The scoring sheet names no scorer for any kind of unit."))
    seen: dict[tuple[str, bool | None], str] = {}
    for kind, party, function in sheet.rules:
        if (kind, party) in seen and seen[(kind, party)] != function:
            problems.append(
                _("Two rules name different scorers for the units of kind “%(kind)s”.")
                % {"kind": kind}
            )
        seen[(kind, party)] = function
    return problems


def _band_problems(bands: tuple[Band, ...], maximum: Decimal) -> list[str]:
    if not bands:
        return [_("The scoring sheet has no classes (xếp loại).")]
    problems = []
    ordered = sorted(bands, key=lambda b: b.lower)
    for band in ordered:
        if band.lower >= band.upper:
            problems.append(
                _(
                    "The class “%(name)s” runs from %(lower)s to %(upper)s points: its start "
                    "must be below its end."
                )
                % {
                    "name": band.name,
                    "lower": points_text(band.lower),
                    "upper": points_text(band.upper),
                }
            )
    if ordered[0].lower > ZERO:
        problems.append(
            _("Totals from 0 to %(upper)s points fall in no class.")
            % {"upper": points_text(ordered[0].lower)}
        )
    for before, after in itertools.pairwise(ordered):
        if after.lower < before.upper:
            problems.append(
                _("The classes “%(a)s” and “%(b)s” overlap from %(lower)s to %(upper)s points.")
                % {
                    "a": before.name,
                    "b": after.name,
                    "lower": points_text(after.lower),
                    "upper": points_text(min(before.upper, after.upper)),
                }
            )
        elif after.lower > before.upper:
            problems.append(
                _("Totals from %(lower)s to %(upper)s points fall in no class.")
                % {"lower": points_text(before.upper), "upper": points_text(after.lower)}
            )
    top = max(b.upper for b in ordered)
    if top < maximum:
        problems.append(
            _("Totals from %(lower)s to %(upper)s points fall in no class.")
            % {"lower": points_text(top), "upper": points_text(maximum)}
        )
    return problems


@transaction.atomic
def sheet_load(data: dict, *, province=None, by=None) -> ScoringSheet:
    """A new numbered version of the sheet ``data["code"]`` of ``province`` (the
    portal's default without one), as the ``scoring`` key of a process file writes it.
    Refused with ``sheet_problems``' sentences (nothing is written)."""
    number = (
        ScoringSheet.objects.filter(province=province, code=data["code"])
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    # A dossiers' sheet follows the cycle's dates; its own are kept for the form's sake.
    self_day, self_month = day_month(data.get("self_score_due", "15/10"))
    day, month = day_month(data.get("score_due", "30/11"))
    threshold = data.get("pass_threshold")
    sheet = ScoringSheet.objects.create(
        province=province,
        code=data["code"],
        number=number,
        title=data["title"],
        pass_threshold=None if threshold is None else Decimal(str(threshold)),
        self_score_day=self_day,
        self_score_month=self_month,
        score_day=day,
        score_month=month,
        dossier_kinds=list(data.get("dossier_kinds", [])),
        created_by=by,
    )
    for g_order, row in enumerate(data["groups"]):
        group = SheetGroup.objects.create(
            sheet=sheet,
            order=g_order,
            code=row["code"],
            title=row["title"],
            weight=Decimal(str(row.get("weight", 1))),
        )
        SheetItem.objects.bulk_create(
            SheetItem(
                sheet=sheet,
                group=group,
                order=i_order,
                code=item["code"],
                text=item["text"],
                points=Decimal(str(item["points"])),
                nature=item.get("nature", ItemNature.POINTS),
            )
            for i_order, item in enumerate(row["items"])
        )
    ClassBand.objects.bulk_create(
        ClassBand(
            sheet=sheet,
            order=order,
            name=band["name"],
            lower=Decimal(str(band["from"])),
            upper=Decimal(str(band["to"])),
        )
        for order, band in enumerate(data["bands"])
    )
    ScorerRule.objects.bulk_create(
        ScorerRule(
            sheet=sheet,
            unit_kind=rule["unit_kind"],
            party_body=rule.get("party_body"),
            scorer_function=rule["scorer"],
        )
        for rule in data.get("scorers", [])
    )
    problems = sheet_problems(read_sheet(sheet.pk))
    if problems:
        raise Refused(problems, code="sheet")
    return sheet


def current_sheet(province) -> ScoringSheet | None:
    """The province's newest sheet for units' rounds, else the portal's default newest
    (None: none). Sheets of dossiers (``dossier_kinds``) are not offered."""
    from django.db.models import F, Q

    return (
        ScoringSheet.objects.filter(Q(province=province) | Q(province__isnull=True))
        .filter(dossier_kinds=[])
        .order_by(F("province_id").desc(nulls_last=True), "-number")
        .first()
    )


def dossier_sheet(*, province_path: str, kind: str) -> ScoringSheet | None:
    """The newest sheet of the province at ``province_path`` (else the portal's default)
    naming ``kind`` in its ``dossier_kinds``: the sheet a new dossier of that kind is
    scored on (None: the province does not score that kind's dossiers with points)."""
    from django.db.models import F, Q

    return (
        ScoringSheet.objects.filter(Q(province__path=province_path) | Q(province__isnull=True))
        .filter(dossier_kinds__contains=[kind])
        .order_by(F("province_id").desc(nulls_last=True), "-created_at", "-number")
        .first()
    )


def unit_scoring_provinces(holder) -> frozenset[str] | None:
    """The paths of the provinces that score their units (a sheet for units' rounds of
    their own); None when the portal's default has one, so every province does. The
    menu asks on every page, so it is kept in the reference cache (``apps.core.reference``:
    loading a sheet changes the token) under the token ``holder`` (the user) carries."""
    everyone, paths = kept(holder, "unit-scoring-provinces", _unit_scoring_provinces)
    return None if everyone else paths


def _unit_scoring_provinces() -> tuple[bool, frozenset[str]]:
    paths = set(
        ScoringSheet.objects.filter(dossier_kinds=[]).values_list("province__path", flat=True)
    )
    return None in paths, frozenset(p for p in paths if p)

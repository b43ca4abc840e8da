"""Reads of the decisions app: who recognises which bright spot, what a user may see."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.accounts.enums import ALL_ROLES, LOCAL_COMMENDERS, Role
from apps.accounts.permissions import is_superuser, memberships, reach_q
from apps.brightspots.enums import COUNTED_STATUSES, BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.cycles.models import Cycle
from apps.cycles.process import Process, province_process
from apps.decisions.enums import DecisionStatus, ProposalStatus
from apps.decisions.models import (
    Certificate,
    CommendationConference,
    CommendationItem,
    CommendationPeriod,
    CommendationProposal,
    Decision,
    DecisionItem,
    Honoree,
    YearlyCommendation,
)
from apps.dossiers.enums import DossierStatus
from apps.reports.permissions import is_reporting_unit
from apps.units.enums import BoardFunction, UnitKind
from apps.units.models import Unit
from apps.units.querysets import in_level_q

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apps.accounts.models import User


LIVE_DECISION_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.ISSUED)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
CODE_LENGTH = 10


# --- who recognises ------------------------------------------------------------------


def nearest_authority(unit: Unit) -> Unit | None:
    """The recognising authority of ``unit``'s level ("điểm sáng ở cấp nào do ... cấp đó
    công nhận"): ``Unit.objects.authority_of``, the one rule the dossiers app uses too."""
    return Unit.objects.authority_of(unit)


def units_held(user: User, role: str) -> list[Unit]:
    """Units where the user holds ``role`` itself (not through an ancestor)."""
    return [m.unit for m in memberships(user) if m.role == role]


def holds_role_in(user: User, role: str, unit: Unit) -> bool:
    """The user holds ``role`` in exactly ``unit``: signing for an authority (or acting
    for a steering board) is not inherited from a higher level."""
    if unit is None:
        return False
    return is_superuser(user) or any(u.pk == unit.pk for u in units_held(user, role))


def authorities_of(user: User) -> list[Unit]:
    """The recognising authorities whose decisions the user signs (by membership)."""
    return [
        u
        for u in units_held(user, Role.DECISION_MAKER)
        if u.is_recognising_authority and u.is_active
    ]


def proposed_q() -> Q:
    """Bright spots proposed for recognition: in recognition, with their dossier's
    request letter (công văn đề nghị) sent, i.e. the dossier PROPOSED."""
    return Q(status=BrightSpotStatus.IN_RECOGNITION, dossier__status=DossierStatus.PROPOSED)


def in_authority_level(authority: Unit) -> QuerySet[BrightSpot]:
    """Bright spots whose nearest recognising authority is ``authority`` (one query)."""
    return BrightSpot.objects.filter(in_level_q(authority))


def recognisable_bright_spots(*, authority: Unit, decision: Decision | None = None):
    """Proposed bright spots ``authority`` may recognise that no other live decision
    (draft or issued) lists; ``decision``'s own items stay eligible for it."""
    elsewhere = DecisionItem.objects.filter(
        bright_spot=OuterRef("pk"), decision__status__in=LIVE_DECISION_STATUSES
    )
    if decision is not None:
        elsewhere = elsewhere.exclude(decision=decision)
    return (
        in_authority_level(authority)
        .filter(proposed_q())
        .exclude(Exists(elsewhere))
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "unit__path", "kind", "name")
    )


def next_decision_number(*, authority: Unit, year: int) -> int:
    """One more than the highest number the authority used in ``year`` in the portal."""
    last = (
        Decision.objects.filter(authority=authority, year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def next_certificate_serial(*, authority: Unit, year: int) -> int:
    """The next number of the authority's certificate register for ``year`` (the year
    of signing): one more than any certificate of its decisions of that year, those
    numbered per decision before the register included."""
    last = (
        Certificate.objects.filter(decision__authority=authority, decision__year=year)
        .order_by("-serial")
        .values_list("serial", flat=True)
        .first()
    )
    return (last or 0) + 1


# --- what a user sees --------------------------------------------------------------------


def decision_items(decision: Decision) -> QuerySet[DecisionItem]:
    return decision.items.select_related("bright_spot__unit", "bright_spot__cycle").order_by(
        "order", "id"
    )


def decision_lists_unit_in_reach(user: User, decision: Decision) -> bool:
    return decision.items.filter(reach_q(user, ALL_ROLES, unit_field="bright_spot__unit")).exists()


def latest_print_job(decision: Decision):
    return decision.print_jobs.order_by("-created_at", "-id").first()


# --- verification ------------------------------------------------------------------------


def normalise_code(text: str) -> str:
    """What people type: lower case, dashes, spaces, O for 0 and I/L for 1."""
    cleaned = re.sub(r"[\s\-_.]", "", (text or "").upper())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return ""
    return cleaned


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate behind a printed code, if any (issued or revoked decisions only)."""
    cleaned = normalise_code(code)
    if not cleaned:
        return None
    return (
        Certificate.objects.select_related("decision")
        .exclude(decision__status=DecisionStatus.DRAFT)
        .filter(code=cleaned)
        .first()
    )


# --- commendation ------------------------------------------------------------------------


def province_path(unit: Unit) -> str:
    """The path of ``unit``'s province (the root of its tree)."""
    return unit.path[: unit.steplen]


def periods_for(unit: Unit) -> QuerySet[CommendationPeriod]:
    """The commendation periods of ``unit``'s province: its own when it has some, else
    the default ones (without a province). One query."""
    own = CommendationPeriod.objects.filter(province__path=province_path(unit))
    return CommendationPeriod.objects.filter(
        Q(province__path=province_path(unit)) | (Q(province__isnull=True) & ~Exists(own))
    ).order_by("-start_year")


def period_refusal(period: CommendationPeriod, unit: Unit) -> str:
    """Why ``period`` is not a commendation period of ``unit``'s province ("" when it is)."""
    if periods_for(unit).filter(pk=period.pk).exists():
        return ""
    province = Unit.objects.filter(path=province_path(unit)).first() or unit
    return _("The period %(period)s is not a commendation period of %(province)s.") % {
        "period": period,
        "province": province,
    }


def default_period(unit: Unit | None = None) -> CommendationPeriod | None:
    """The newest period of ``unit``'s province (or of the default ones)."""
    if unit is None:
        return CommendationPeriod.objects.filter(province__isnull=True).first()
    return periods_for(unit).first()


def periods_of_levels(levels: Iterable[Unit]) -> QuerySet[CommendationPeriod]:
    """The periods of the provinces of ``levels`` (one query per province, and one)."""
    ids: set[int] = set()
    for path in {province_path(level) for level in levels}:
        ids |= set(_period_ids_under(path))
    return CommendationPeriod.objects.filter(pk__in=ids).select_related("province")


def _period_ids_under(path: str) -> list[int]:
    own = list(CommendationPeriod.objects.filter(province__path=path).values_list("pk", flat=True))
    if own:
        return own
    return list(
        CommendationPeriod.objects.filter(province__isnull=True).values_list("pk", flat=True)
    )


def councils_for(unit: Unit) -> QuerySet[Unit]:
    """The emulation and commendation council(s) of ``unit``'s level: boards with that
    function directly under it."""
    return Unit.objects.filter(
        path__startswith=unit.path,
        depth=unit.depth + 1,
        function=BoardFunction.EMULATION_COUNCIL,
        is_active=True,
    )


class ProposalScope(NamedTuple):
    """What a proposal is started for: the level (its unit) and the kind of bright spot."""

    unit: Unit
    kind: str


def steering_function(kind: str, *, process: Process) -> str:
    """The function of the board that selects ``kind``'s bright spots every five years:
    the board receiving its lists in ``process`` ("Ban chỉ đạo thực hiện Quy chế dân chủ
    ở cơ sở và Ban chỉ đạo công tác dân vận của chính quyền các cấp lựa chọn")."""
    return process.routes[kind].board


def holds_conference(level: Unit, period: CommendationPeriod, *, process: Process) -> bool:
    """``level`` holds a commendation conference for ``period``: its level is among the
    process's conference levels on the period's conference day (Nghệ An's districts hold
    none after 30/6/2025)."""
    return level.level in process.conference_levels_on(period.conference_day)


def proposing_kinds(user: User, level: Unit) -> frozenset[str]:
    """The kinds whose five-yearly proposal ``user`` makes for ``level``: every kind of
    the province's process for a holder of the steering role at the level itself; the
    kinds the process routes to its board's function for a steering member of a board
    directly under the level. No query for a user without such a seat; else the
    province's process (one query, once per request)."""
    if level is None or level.kind == UnitKind.BOARD:
        return frozenset()
    of_level = holds_role_in(user, Role.STEERING, level)
    functions = {
        m.unit.function
        for m in memberships(user)
        if m.role == Role.STEERING
        and m.unit.depth == level.depth + 1
        and m.unit.path.startswith(level.path)
    }
    if not (of_level or functions):
        return frozenset()
    process = province_process(level)
    if of_level:
        return frozenset(process.kind_codes)
    return frozenset(kind for kind, route in process.routes.items() if route.board in functions)


def proposing_levels(
    user: User, periods: Iterable[CommendationPeriod]
) -> dict[Unit, frozenset[str]]:
    """The levels the user proposes for, each with its kinds: the units where the user
    holds the steering role, and the parents of the boards where they do, that hold a
    conference for one of ``periods``. One query, and the processes of their provinces."""
    held = [m.unit for m in memberships(user) if m.role == Role.STEERING]
    paths = {u.path for u in held} | {u.path[: -u.steplen] for u in held if u.depth > 1}
    levels = Unit.objects.filter(path__in=paths, is_active=True).order_by("path")
    found = {level: proposing_kinds(user, level) for level in levels}
    return {
        level: kinds
        for level, kinds in found.items()
        if kinds and _holds_any_conference(level, periods)
    }


def _holds_any_conference(level: Unit, periods: Iterable[CommendationPeriod]) -> bool:
    process = province_process(level)
    return any(
        holds_conference(level, period, process=process) for period in periods_among(periods, level)
    )


def periods_among(periods: Iterable[CommendationPeriod], unit: Unit) -> list[CommendationPeriod]:
    """The ones of ``periods`` (loaded with their province) that ``unit``'s province
    uses: its own, else the default ones; no query (``periods_for`` in memory)."""
    periods = list(periods)
    own = [p for p in periods if p.province and unit.path.startswith(p.province.path)]
    return own or [p for p in periods if p.province_id is None]


def with_yearly_commendations(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """``certificates`` annotated with ``yearly_commendations``: how many live yearly
    commendations (biểu dương, khen thưởng of the year) their bright spot received, in
    the same query."""
    through = YearlyCommendation.bright_spots.through
    counted = (
        through.objects.filter(
            brightspot_id=OuterRef("bright_spot_id"),
            yearlycommendation__cancelled_at__isnull=True,
        )
        .order_by()
        .values("brightspot_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return certificates.annotate(
        yearly_commendations=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def commendation_candidates(*, proposal: CommendationProposal) -> QuerySet[Certificate]:
    """Valid certificates of the period, of the proposal's kind, for bright spots in its
    level's subtree, not yet in the proposal, with how many yearly commendations each
    spot received (``yearly_commendations``). Ordered by year, unit, name."""
    chosen = proposal.items.values("bright_spot_id")
    return with_yearly_commendations(
        Certificate.objects.valid()
        .filter(
            kind=proposal.kind,
            year__gte=proposal.period.start_year,
            year__lte=proposal.period.end_year,
            bright_spot__unit__path__startswith=proposal.unit.path,
            bright_spot__status=BrightSpotStatus.RECOGNISED,
        )
        .exclude(bright_spot_id__in=chosen)
        .select_related("decision", "bright_spot__unit")
        .order_by("year", "bright_spot__unit__path", "holder_name")
    )


def proposal_honorees(proposal: CommendationProposal) -> QuerySet[Honoree]:
    """The collectives, then the individuals, of ``proposal``, by unit and name."""
    return proposal.honorees.select_related("unit").order_by("kind", "unit__path", "name_key", "id")


HONOREE_UNIT_CHOICES = 30


def honoree_units(level: Unit, text: str = "") -> list[Unit]:
    """Active units of ``level``'s subtree matching ``text`` (name without accents, or
    code), or without text the level and the units right under it: at most
    ``HONOREE_UNIT_CHOICES``, in tree order. One query."""
    units = Unit.objects.filter(path__startswith=level.path, is_active=True)
    text = text.strip()
    units = units.search(text) if text else units.filter(depth__lte=level.depth + 1)
    return list(units.order_by("path")[:HONOREE_UNIT_CHOICES])


def level_decided(unit: Unit, period: CommendationPeriod) -> bool:
    """A commendation decision of ``unit``'s level for ``period`` is recorded."""
    return CommendationProposal.objects.filter(
        unit=unit, period=period, status=ProposalStatus.DECIDED
    ).exists()


def conference_of(unit: Unit, period: CommendationPeriod) -> CommendationConference | None:
    return CommendationConference.objects.filter(unit=unit, period=period).first()


def proposal_items(proposal: CommendationProposal) -> QuerySet[CommendationItem]:
    return proposal.items.select_related("bright_spot__unit", "certificate__decision").order_by(
        "certificate__year", "bright_spot__unit__path", "certificate__holder_name"
    )


# --- yearly commendation -----------------------------------------------------------------


def local_commender_units(user: User) -> list[Unit]:
    """The communes and agencies whose own yearly praise or reward the user records: the
    reporting units where they hold a role of ``LOCAL_COMMENDERS`` (no query)."""
    units = {m.unit for m in memberships(user) if m.role in LOCAL_COMMENDERS}
    return sorted((u for u in units if is_reporting_unit(u)), key=lambda u: u.path)


def yearly_commendable_spots(*, unit: Unit, cycle: Cycle) -> QuerySet[BrightSpot]:
    """The bright spots ``unit`` may praise or reward for ``cycle``: of its subtree and
    of that year, sent in the registration list and not withdrawn (``COUNTED_STATUSES``)."""
    return (
        BrightSpot.objects.filter(
            unit__path__startswith=unit.path, cycle=cycle, status__in=COUNTED_STATUSES
        )
        .select_related("unit")
        .order_by("unit__path", "kind", "name")
    )


def local_honoree_units(unit: Unit) -> QuerySet[Unit]:
    """The collectives a commune or an agency may praise or reward itself: the unit and
    the active units right under it."""
    return Unit.objects.filter(
        path__startswith=unit.path, depth__lte=unit.depth + 1, is_active=True
    ).order_by("path")


def yearly_commendation_rows(
    commendations: QuerySet[YearlyCommendation],
    *,
    unit: Unit | None = None,
    year: int | None = None,
    spot: BrightSpot | None = None,
) -> QuerySet[YearlyCommendation]:
    """``commendations`` (what the user sees) of ``unit``'s subtree, of ``year``, naming
    ``spot``, newest first, with their unit, year, bright spots, collectives and
    individuals: four queries when paged (count, rows, the bright spots and the honorees
    of the page), whatever the number of rows."""
    if unit is not None:
        commendations = commendations.filter(unit__path__startswith=unit.path)
    if year is not None:
        commendations = commendations.filter(cycle__year=year)
    if spot is not None:
        commendations = commendations.filter(bright_spots=spot)
    return (
        commendations.select_related("unit", "cycle")
        .prefetch_related(
            Prefetch("bright_spots", queryset=BrightSpot.objects.order_by("unit__path", "name")),
            Prefetch(
                "honorees",
                queryset=Honoree.objects.select_related("unit").order_by(
                    "kind", "unit__path", "name_key"
                ),
            ),
        )
        .order_by("-cycle__year", "-document_date", "-id")
    )


def yearly_commendation_years(commendations: QuerySet[YearlyCommendation]) -> list[int]:
    """The years that have a yearly commendation the user sees, newest first."""
    return list(
        commendations.order_by("-cycle__year").values_list("cycle__year", flat=True).distinct()
    )


def cycle_years(unit: Unit) -> list[int]:
    """The years of ``unit``'s province that have a cycle, newest first (one query)."""
    return list(
        Cycle.objects.filter(province__path=unit.path[: unit.steplen])
        .order_by("-year")
        .values_list("year", flat=True)
    )

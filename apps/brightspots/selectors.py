"""Reading bright spots, registration lists and routings for pages and exports."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.enums import BOARD_ACTORS, Role
from apps.accounts.permissions import is_superuser
from apps.accounts.selectors import seats_matching
from apps.brightspots.enums import COUNTED_STATUSES, BrightSpotStatus
from apps.brightspots.models import (
    BrightSpot,
    Directive,
    PlanActivity,
    RegistrationList,
    RegistrationRouting,
)
from apps.core.reference import kept
from apps.core.workflow import Refused
from apps.criteria.models import CriteriaSet
from apps.cycles.enums import RouteLevel
from apps.cycles.models import Cycle
from apps.cycles.permissions import cycles_visible_to, province_paths
from apps.cycles.process import Process, current_process, process_of
from apps.cycles.selectors import open_cycle
from apps.units.enums import BoardFunction, UnitKind
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from apps.accounts.models import User


def boards_above(*, unit: Unit) -> dict[str, dict[str, Unit]]:
    """The active units carrying a board function placed directly under ``unit`` or one
    of its ancestors, whatever their kind (Sở Nội vụ is a department with a function),
    by route level then function: ``RouteLevel.PROVINCE`` the province's own,
    ``RouteLevel.NEAREST`` for each function the one under the nearest ancestor having
    one. One query."""
    q = Q(pk__in=[])
    for path in unit.ancestor_paths():
        q |= Q(path__startswith=path, depth=len(path) // unit.steplen + 1)
    boards = Unit.objects.filter(q, is_active=True).exclude(function="").order_by("depth", "path")
    province: dict[str, Unit] = {}
    nearest: dict[str, Unit] = {}
    for board in boards:
        if board.depth == 2:
            province.setdefault(board.function, board)
        if board.function not in nearest or board.depth > nearest[board.function].depth:
            nearest[board.function] = board
    return {RouteLevel.PROVINCE: province, RouteLevel.NEAREST: nearest}


class Route(NamedTuple):
    """Where a list's spots of one kind go: the receiving board, the office it passes
    through and the board that gets a copy (None where the route names none)."""

    board: Unit
    via: Unit | None
    copy_to: Unit | None


ROUTE_ROLES = {
    "board": gettext_lazy("the receiving board"),
    "via": gettext_lazy("the office the list passes through"),
    "copy_to": gettext_lazy("the board that gets a copy"),
}


def _missing_step(level: str, role: str, function: str, kind: str, unit: Unit) -> str:
    values = {
        "function": BoardFunction(function).label,
        "role": ROUTE_ROLES[role],
        "kind": kind,
        "unit": unit.name,
    }
    if level == RouteLevel.PROVINCE:
        return (
            _(
                "No “%(function)s” is set up at the provincial level (%(role)s for "
                "“%(kind)s”): those lists cannot be sent until the administrator sets one up."
            )
            % values
        )
    return (
        _(
            "No “%(function)s” is set up above %(unit)s (%(role)s for “%(kind)s”): those "
            "lists cannot be sent until the administrator sets one up."
        )
        % values
    )


def route_gaps(unit: Unit, kind: str, *, process: Process, boards: dict | None = None) -> list[str]:
    """Every step of ``kind``'s route in ``process`` that ``unit`` finds no unit for, as
    Vietnamese sentences naming the missing function; empty when the route is whole.
    Pass ``boards`` from ``boards_above`` to reuse one query for several kinds."""
    boards = boards_above(unit=unit) if boards is None else boards
    rule = process.routes[kind]
    found = boards[rule.level]
    return [
        _missing_step(rule.level, role, function, process.label(kind), unit)
        for role, function in rule.steps()
        if function not in found
    ]


def boards_for(unit: Unit, kind: str, *, process: Process, boards: dict | None = None) -> Route:
    """The route of ``unit``'s spots of ``kind``: the process's route of the kind read
    on the boards of its level (pass ``boards`` from ``boards_above`` to reuse one
    query). Refused, naming what is missing, when the receiving board, the office it
    passes through or the board for the copy is missing: a step is never dropped."""
    boards = boards_above(unit=unit) if boards is None else boards
    gaps = route_gaps(unit, kind, process=process, boards=boards)
    if gaps:
        raise Refused(" ".join(gaps), code="no_board")
    rule = process.routes[kind]
    found = boards[rule.level]
    return Route(found[rule.board], found.get(rule.via), found.get(rule.copy_to))


def route_problems(*, province: Unit) -> list[str]:
    """Every kind whose route cannot be completed in ``province``: one Vietnamese
    sentence per missing receiving board, office or copy among the province's boards,
    for its administrator (a route to the nearest boards falls back on the province's,
    so those are checked too). Two or three queries."""
    process = current_process(province)
    boards = boards_above(unit=province)[RouteLevel.PROVINCE]
    return [
        _missing_step(RouteLevel.PROVINCE, role, function, process.label(kind), province)
        for kind, rule in process.routes.items()
        for role, function in rule.steps()
        if function not in boards
    ]


@dataclass
class KindCounts:
    """A unit's bright spots counted for the yearly minimum, by kind, against the
    minimum its process sets for its kind of unit ({kind: count}; Nghệ An: one of each
    of its three kinds, guidance V and Đề án 04)."""

    process: Process
    unit_kind: str
    counts: dict = field(default_factory=dict)

    def of(self, kind) -> int:
        return self.counts.get(kind, 0)

    @property
    def minimum(self) -> dict[str, int]:
        return self.process.minimum(self.unit_kind)

    @property
    def missing(self) -> list:
        return [kind for kind, n in self.minimum.items() if self.of(kind) < n]

    @property
    def meets_minimum(self) -> bool:
        return not self.missing

    @property
    def rows(self) -> list[tuple]:
        """(kind name, counted, required) for each kind of the minimum."""
        return [(self.process.label(k), self.of(k), n) for k, n in self.minimum.items()]

    @property
    def cells(self) -> list[int]:
        """The counts in the order of ``process.minimum_kinds`` (a table's columns)."""
        return [self.of(kind) for kind in self.process.minimum_kinds]


def subtree_totals(*, unit: Unit, cycle: Cycle) -> dict[str, dict[str, int]]:
    """Bright spots of the whole subtree by kind and status (one query)."""
    totals: dict = defaultdict(dict)
    rows = (
        BrightSpot.objects.filter(cycle=cycle, unit__path__startswith=unit.path)
        .order_by()
        .values_list("kind", "status")
        .annotate(n=Count("id"))
    )
    for kind, status, n in rows:
        totals[kind][status] = n
    return dict(totals)


@dataclass
class ChildRow:
    unit: Unit
    counts: KindCounts
    subtree_spots: int
    registration_list: RegistrationList | None
    directive: Directive | None


def subordinate_units(*, unit: Unit):
    """The unit's direct subordinate units that build bright spots (boards excluded)."""
    return (
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
        .exclude(kind=UnitKind.BOARD)
        .order_by("name")
    )


def subordinate_rows(*, unit: Unit, cycle: Cycle) -> list[ChildRow]:
    """One row per subordinate unit: its own counts, list, directive and the number of
    spots in its subtree (four queries whatever the number of units)."""
    children = list(subordinate_units(unit=unit).only("name", "path", "kind"))
    process = process_of(cycle=cycle)
    at_depth = {"unit__path__startswith": unit.path, "unit__depth": unit.depth + 1}
    lists = RegistrationList.objects.filter(cycle=cycle, **at_depth)
    list_of = {r.unit_id: r for r in lists.only("unit", "status", "sent_at", "is_late")}
    directives = Directive.objects.filter(cycle=cycle, **at_depth)
    directive_of = {d.unit_id: d for d in directives.only("unit", "number")}
    counts = _counts_under_children(unit, cycle, process)
    return [
        ChildRow(
            child,
            KindCounts(process, child.kind, counts.get(child.path, ({}, 0))[0]),
            counts.get(child.path, ({}, 0))[1],
            registration_list=list_of.get(child.pk),
            directive=directive_of.get(child.pk),
        )
        for child in children
    ]


def _counts_under_children(unit: Unit, cycle, process) -> dict[str, tuple[dict, int]]:
    """For each subordinate unit (by path): its own spots counted for the minimum, by
    kind ({kind: n}), and all the spots of its subtree (one query)."""
    kinds = process.minimum_kinds
    length = len(unit.path) + unit.steplen
    own = Q(unit__depth=unit.depth + 1, status__in=COUNTED_STATUSES)
    rows = (
        BrightSpot.objects.filter(
            cycle=cycle, unit__path__startswith=unit.path, unit__depth__gt=unit.depth
        )
        .annotate(prefix=Substr("unit__path", 1, length))
        .order_by()
        .values_list("prefix")
        .annotate(
            total=Count("id"),
            **{f"n{i}": Count("id", filter=own & Q(kind=kind)) for i, kind in enumerate(kinds)},
        )
    )
    return {
        prefix: ({k: n for k, n in zip(kinds, own_counts, strict=True) if n}, total)
        for prefix, total, *own_counts in rows
    }


def unit_year_spots(*, unit: Unit, cycle: Cycle):
    """The unit's own bright spots of the year, for its page (one query)."""
    return (
        BrightSpot.objects.filter(unit=unit, cycle=cycle)
        .select_related("officer", "criteria_set")
        .order_by("kind", "name")
    )


def routings_of(*, registration_list: RegistrationList) -> list[RegistrationRouting]:
    if registration_list is None:
        return []
    return list(
        registration_list.routings.select_related("board", "via", "copy_to", "acted_by").order_by(
            "kind"
        )
    )


def bright_spots_for_detail():
    """Spots with what the detail page shows, for ``get_object_in_reach_or_404``."""
    return BrightSpot.objects.select_related(
        "unit", "cycle", "officer", "criteria_set", "registration_list", "created_by"
    ).prefetch_related(
        "activities", "progress_updates__attachments", "progress_updates__submitted_by"
    )


def spots_for_print(queryset: QuerySet):
    """Spots for the print view: unit, officer and activities loaded in bulk."""
    return queryset.select_related("unit", "officer", "cycle").prefetch_related(
        Prefetch("activities", queryset=PlanActivity.objects.order_by("order", "start_date"))
    )


def criteria_sets_offered(*, unit: Unit, current_pk: int | None = None):
    """Active sets of the unit's province or shared by all (plus the one in use), the
    province's own first, newest version first."""
    province_path = unit.path[: unit.steplen]
    offered = Q(is_active=True) & (Q(province__path=province_path) | Q(province__isnull=True))
    if current_pk:
        offered |= Q(pk=current_pk)
    return CriteriaSet.objects.filter(offered).order_by(
        F("province_id").desc(nulls_last=True), "code", "-version"
    )


def default_criteria_set(*, unit: Unit, kind: str):
    """The active set a new bright spot of ``kind`` is judged by, when none is chosen."""
    return criteria_sets_offered(unit=unit).filter(kinds__contains=[kind]).first()


def visible_cycles(user: User) -> list[Cycle]:
    """``cycles.permissions.cycles_visible_to`` as a list (each cycle with its
    province), read once per request (kept on the user object) and kept in the
    process's reference cache (``apps.core.reference``) under the user's provinces."""
    if not hasattr(user, "_visible_cycles"):
        provinces = "all" if is_superuser(user) else ",".join(sorted(province_paths(user)))
        user._visible_cycles = kept(
            user, f"cycles:{provinces}", lambda: list(cycles_visible_to(user))
        )
    return user._visible_cycles


def year_cycles(user: User, year: int | None) -> list[int] | None:
    """The ids of ``year``'s cycles among ``visible_cycles`` (None for no year: all
    years): a list filters on them as constants, so the planner reads the cycle's rows
    from an index in the list's order and stops after the page (one cycle a province a
    year)."""
    if not year:
        return None
    return [cycle.pk for cycle in visible_cycles(user) if cycle.year == year]


def year_filter(*, user: User, today: datetime.date) -> tuple[list[int], int]:
    """The years a list filters on (those of ``visible_cycles``) and the one it opens
    on: the latest open cycle (``apps.cycles.selectors.open_cycle``) of the provinces
    where the user holds a role, or ``today``'s year when they have none. One query."""
    by_province: dict[int, list[Cycle]] = defaultdict(list)
    for cycle in visible_cycles(user):
        by_province[cycle.province_id].append(cycle)
    opened = [open_cycle(cycles, today=today) for cycles in by_province.values()]
    years = sorted({c.year for cycles in by_province.values() for c in cycles}, reverse=True)
    return years, max((c.year for c in opened if c), default=today.year)


# A year's list sorts as the model does within a year: by unit in tree order, then
# kind and name; with the cycle fixed, the (cycle, unit_path) index gives that order.
YEAR_ORDER = ("unit_path", "kind", "name", "id")


def filter_bright_spots(
    spots: QuerySet,
    *,
    q: str = "",
    kind: str = "",
    status: str = "",
    unit: Unit | None = None,
):
    """``spots`` narrowed by the list's filters (the year is ``visible_to``'s cycles);
    returns (queryset, subtree unit or None). The subtree only narrows what ``spots``
    already allows."""
    if kind:
        spots = spots.filter(kind=kind)
    if status:
        spots = spots.filter(status=status)
    if unit is not None:
        spots = spots.in_subtree(unit)
    return spots.search(q), unit


def filter_routings(routings: QuerySet, *, q: str = "", kind: str = "", status: str = ""):
    """The inbox narrowed by its filters (``q`` matches the unit without diacritics;
    the year is ``received_by``'s cycles)."""
    if kind:
        routings = routings.filter(kind=kind)
    if status:
        routings = routings.filter(status=status)
    if q.strip():
        routings = routings.filter(registration_list__unit__name__unaccent__icontains=q.strip())
    return routings


def with_spot_counts(routings: QuerySet):
    """Each routing with ``spot_count``: its list's spots of its kind, not withdrawn."""
    spots = (
        BrightSpot.objects.filter(
            registration_list=OuterRef("registration_list"), kind=OuterRef("kind")
        )
        .exclude(status=BrightSpotStatus.WITHDRAWN)
        .order_by()
        .values("registration_list")
        .annotate(n=Count("id"))
        .values("n")
    )
    return routings.annotate(spot_count=Subquery(spots))


def spots_of_routings(routings: QuerySet):
    """The bright spots the routings carry (registered or later, not withdrawn)."""
    carried = routings.filter(
        registration_list=OuterRef("registration_list"), kind=OuterRef("kind")
    )
    return (
        BrightSpot.objects.filter(Exists(carried))
        .exclude(status__in=[BrightSpotStatus.DRAFT, BrightSpotStatus.WITHDRAWN])
        .order_by("unit__path", "kind", "name")
    )


def routing_recipients(routing: RegistrationRouting) -> list[User]:
    """Who is told that a part of a list reached its board: the steering and appraiser
    members of the board, of the office it passes through and of the copy, and the
    steering-board members (``Role.STEERING``) of the unit the board belongs to (its
    parent, e.g. the province), who sit on the board without a seat in its own unit.
    One query; ``recipients_of_routings`` for many routings in one."""
    return recipients_of_routings([routing])[routing.pk]


def recipients_of_routings(routings: Iterable[RegistrationRouting]) -> dict[int, list[User]]:
    """``routing_recipients`` of each routing (by pk, each person once, by pk order),
    for all of them in one query (a list sent to three boards tells them together)."""
    wanted = {}  # routing pk: (its units' ids, the path of its board's parent)
    for routing in routings:
        units = {u.pk for u in (routing.board, routing.via, routing.copy_to) if u is not None}
        wanted[routing.pk] = (units, routing.board.path[: -Unit.steplen])
    unit_ids = {pk for units, _parent in wanted.values() for pk in units}
    parents = {parent for _units, parent in wanted.values() if parent}
    rows = list(
        seats_matching(
            where=Q(unit_id__in=unit_ids, role__in=BOARD_ACTORS)
            | Q(unit__path__in=parents, role=Role.STEERING)
        ).annotate(unit_path=F("unit__path"))
    )
    found = {}
    for pk, (units, parent) in wanted.items():
        people = {}
        for seat in rows:
            if (seat.unit_id in units and seat.role in BOARD_ACTORS) or (
                seat.unit_path == parent and seat.role == Role.STEERING
            ):
                people.setdefault(seat.user_id, seat.user)
        found[pk] = list(people.values())
    return found


def publishers_of(spot: BrightSpot) -> list[Unit]:
    """The units whose board members publish ``spot`` on the showcase: the boards its
    list's part was routed to (the receiving board and the office it passed through)
    and the province's Ban Dân vận. Two queries."""
    routed = RegistrationRouting.objects.filter(
        registration_list_id=spot.registration_list_id, kind=spot.kind
    ).values_list("board_id", "via_id")
    ids = {pk for pair in routed for pk in pair if pk}
    province_path = spot.unit.path[: spot.unit.steplen]
    ban_dan_van = Q(
        path__startswith=province_path,
        depth=2,
        function=BoardFunction.MASS_MOBILISATION,
        is_active=True,
    )
    return list(Unit.objects.filter(Q(pk__in=ids) | ban_dan_van).order_by("path"))

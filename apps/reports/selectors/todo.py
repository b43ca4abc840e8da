"""Who acts next: what waits for a user in each role they hold, for the home page.

One function per role. Each gives the things waiting for the user (how many, and the
page where they act on them), the next date of the open year (a unit's own, counting
its extension) and where what the user sent stands. Each runs a fixed few COUNT or
aggregate queries whatever the number of units, bright spots or dossiers in reach;
reach comes from ``apps.accounts.permissions.reach_q`` and the apps' own selectors.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.accounts.enums import Role
from apps.accounts.permissions import memberships, reach_q
from apps.brightspots.enums import (
    UNDER_WAY,
    BrightSpotStatus,
    RegistrationListStatus,
    RoutingStatus,
)
from apps.brightspots.models import BrightSpot, RegistrationRouting
from apps.brightspots.selectors import route_problems, visible_cycles
from apps.core.reference import kept
from apps.cycles.enums import DATE_FIELDS, DEADLINE_FIELDS, CycleDate
from apps.cycles.models import Cycle, DeadlineExtension, ProcessRules
from apps.cycles.permissions import rules_provinces
from apps.cycles.selectors import last_date, open_cycle, process_problems, process_rules
from apps.decisions.enums import DecisionStatus
from apps.decisions.models import Decision
from apps.decisions.selectors import authorities_of, recognisable_bright_spots
from apps.dossiers.enums import AWAITING_APPRAISAL, DossierStatus
from apps.dossiers.models import Dossier
from apps.dossiers.selectors import WAITING, dossier_queue
from apps.units.models import Unit
from apps.units.querysets import in_level_q

if TYPE_CHECKING:
    from apps.accounts.models import User

S = BrightSpotStatus
D = DossierStatus
# Draft bright spots of a list not sent yet (a list a board returned is a draft again).
UNSENT = Q(status=S.DRAFT, registration_list__status=RegistrationListStatus.DRAFT)
# The lists waiting for a board are counted up to here ("1000+" beyond).
TODO_BOUND = 1000


@dataclass(frozen=True)
class Item:
    """A number of things, what they are, and the page where the user acts on them
    (``count`` None: a thing to do once, not counted)."""

    count: int | None
    text: str
    url: str
    detail: str = ""
    lines: tuple[str, ...] = ()
    more: bool = False  # more than ``count`` (a count stopped at ``TODO_BOUND``)


@dataclass(frozen=True)
class NextDate:
    """The next date of the open year: a unit's own (its extension counted) or, for
    ``unit`` None, its province's."""

    label: str
    day: datetime.date
    days_left: int
    unit: Unit | None = None
    extended: bool = False


@dataclass
class RoleTodo:
    """One role's part of the home page."""

    role: str
    units: list[Unit]
    waiting: list[Item] = field(default_factory=list)
    next_dates: list[NextDate] = field(default_factory=list)
    sent: list[Item] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return Role(self.role).label


class OpenYears:
    """The open year (``apps.cycles.selectors.open_cycle``) of each province where the
    user holds a role, read in one query, and each province's process rules, read
    once; both kept in the reference cache (``apps.core.reference``)."""

    def __init__(self, *, user: User, today: datetime.date):
        self.user = user
        self.today = today
        self._cycles: dict[str, list[Cycle]] = defaultdict(list)
        for cycle in visible_cycles(user):
            self._cycles[cycle.province.path].append(cycle)
        self._rules: dict[int, ProcessRules] = {}

    def cycles(self, province_path: str) -> list[Cycle]:
        return self._cycles.get(province_path, [])

    def open_of(self, units: list[Unit]) -> list[Cycle]:
        """The open cycle of each province of ``units`` (those that have one)."""
        paths = sorted({unit.path[: unit.steplen] for unit in units})
        found = (open_cycle(self.cycles(path), today=self.today) for path in paths)
        return [cycle for cycle in found if cycle is not None]

    def rules(self, cycle: Cycle) -> ProcessRules:
        if cycle.province_id not in self._rules:
            self._rules[cycle.province_id] = kept(
                self.user, f"process-rules:{cycle.province_id}", lambda: process_rules(cycle=cycle)
            )
        return self._rules[cycle.province_id]


# ---------------------------------------------------------------- small helpers


def _units(user: User, role: str) -> list[Unit]:
    return sorted({m.unit for m in memberships(user) if m.role == role}, key=lambda u: u.path)


def _url(name: str, *args, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _year(cycles: list[Cycle]) -> int | None:
    """The year the pages' filters take: the open year, when the provinces share one."""
    years = {cycle.year for cycle in cycles}
    return years.pop() if len(years) == 1 else None


def _only_unit(units: list[Unit]) -> int | None:
    """The unit a list page narrows to, when the role is held in one unit only."""
    return units[0].pk if len(units) == 1 else None


def _item(count: int | None, text: str, url: str, **more) -> list[Item]:
    """A one-item list, or none when there is nothing to count."""
    return [Item(count, text, url, **more)] if count is None or count > 0 else []


def _dated(cycle: Cycle, rules: ProcessRules, extended: dict[str, datetime.date]):
    """(field, day, extended) of the cycle's dates in calendar order, a deadline moved
    by the unit's extension when later (``apps.cycles.selectors.effective_deadline``),
    the six-month update only where the province asks for it."""
    for name in DATE_FIELDS:
        if name == CycleDate.PROGRESS and not rules.progress_update:
            continue
        day = getattr(cycle, name)
        later = extended.get(name)
        yield name, (later if later and later > day else day), bool(later and later > day)


def _next_date(cycle, rules, today, *, unit=None, extended=None) -> NextDate | None:
    upcoming = [row for row in _dated(cycle, rules, extended or {}) if row[1] >= today]
    if not upcoming:
        return None
    name, day, moved = min(upcoming, key=lambda row: row[1])
    return NextDate(CycleDate(name).label, day, (day - today).days, unit, moved)


def _province_dates(years: OpenYears, cycles: list[Cycle]) -> list[NextDate]:
    found = (_next_date(c, years.rules(c), years.today) for c in cycles)
    return [date for date in found if date is not None]


def _extensions(user: User, cycles: list[Cycle], units: list[Unit]) -> dict:
    """{(cycle id, unit id): {date field: extended day}} of ``units`` (one query, kept in
    the reference cache: granting an extension changes its token)."""

    def load():
        moved: dict[tuple[int, int], dict[str, datetime.date]] = defaultdict(dict)
        rows = DeadlineExtension.objects.filter(cycle__in=cycles, unit__in=units)
        for cycle_id, unit_id, kind, day in rows.values_list(
            "cycle", "unit", "deadline", "new_date"
        ):
            moved[cycle_id, unit_id][DEADLINE_FIELDS[kind]] = day
        return moved

    key = ",".join(str(c.pk) for c in cycles) + ":" + ",".join(str(u.pk) for u in units)
    return kept(user, f"extensions:{key}", load)


def _held(years: OpenYears, units: list[Unit]):
    """(unit, its province's open cycle) of the units whose province has one."""
    cycle_of = {cycle.province.path: cycle for cycle in years.open_of(units)}
    for unit in units:
        cycle = cycle_of.get(unit.path[: unit.steplen])
        if cycle is not None:
            yield unit, cycle


def _unit_dates(years: OpenYears, units: list[Unit], moved: dict) -> list[NextDate]:
    """The next date of each unit, its extensions counted."""
    dates = []
    for unit, cycle in _held(years, units):
        rules, extended = years.rules(cycle), moved[cycle.pk, unit.pk]
        dates.append(_next_date(cycle, rules, years.today, unit=unit, extended=extended))
    return [date for date in dates if date is not None]


def _window_closes(years: OpenYears, units: list[Unit], moved: dict) -> dict[Cycle, datetime.date]:
    """The last day of each open cycle's recognition window for the held units: the
    cycle's, or a held unit's extension when later."""
    closes: dict[Cycle, datetime.date] = {}
    for unit, cycle in _held(years, units):
        dated = _dated(cycle, years.rules(cycle), moved[cycle.pk, unit.pk])
        last = next(day for name, day, _ in dated if name == CycleDate.RECOGNITION_CLOSES)
        closes[cycle] = max(last, closes.get(cycle, last))
    return closes


def _submitting(years: OpenYears, closes: dict) -> list[Cycle]:
    """The cycles in which dossiers may be submitted today: inside the recognition
    window (``apps.dossiers.workflow``), unless the province does not close it."""
    today = years.today
    return [
        cycle
        for cycle, last in closes.items()
        if not years.rules(cycle).submission_window or cycle.recognition_opens <= today <= last
    ]


def _asking_progress(years: OpenYears, closes: dict) -> list[Cycle]:
    """The cycles whose province asks for the six-month update while it may still be
    given (``apps.brightspots.workflow.check_progress``: until the window closes,
    where the province closes it then)."""
    return [
        cycle
        for cycle, last in closes.items()
        if years.rules(cycle).progress_update
        and (not years.rules(cycle).progress_closes or years.today <= last)
    ]


# ---------------------------------------------------------------- unit staff


def _spot_counts(user: User, role: str, cycles: list[Cycle], **extra) -> dict:
    """Counts of the role's bright spots of the open years (one query)."""
    return BrightSpot.objects.filter(reach_q(user, role), cycle__in=cycles).aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        lists=Count("registration_list", distinct=True, filter=UNSENT),
        list_unit=Min("unit_id", filter=UNSENT),
        registered=Count("pk", filter=Q(status=S.REGISTERED)),
        recognised=Count("pk", filter=Q(status=S.RECOGNISED)),
        **extra,
    )


def _dossier_counts(user: User, role: str, **extra) -> dict:
    """Counts of the dossiers of the role's units, in every year, as the dossier queue
    shows them (one query)."""
    return Dossier.objects.filter(reach_q(user, role, unit_field="bright_spot__unit")).aggregate(
        awaiting=Count("pk", filter=Q(status__in=AWAITING_APPRAISAL)),
        passed=Count("pk", filter=Q(status=D.PASSED)),
        proposed=Count("pk", filter=Q(status=D.PROPOSED)),
        **extra,
    )


def _queue(state: str, unit: int | None) -> str:
    return _url("dossiers:queue", state=state, unit=unit)


def _spots(status: str, year: int | None, unit: int | None) -> str:
    return _url("brightspots:list", status=status, year=year, unit=unit)


def _list_page(count: dict, year: int | None, unit: int | None) -> str:
    """The unit page of the one list not sent (its send button), else the drafts."""
    if count["lists"] == 1:
        return _url("brightspots:unit_year", count["list_unit"], year=year)
    return _spots(S.DRAFT, year, unit)


def _unit_standing(spots: dict, dossiers: dict, year, unit) -> list[Item]:
    """Where the unit's registrations and dossiers stand, for its staff."""
    return [
        *_item(
            spots["registered"],
            ngettext(
                "bright spot registered, waiting for the board's acknowledgement",
                "bright spots registered, waiting for the board's acknowledgement",
                spots["registered"],
            ),
            _spots(S.REGISTERED, year, unit),
        ),
        *_item(
            dossiers["awaiting"],
            ngettext(
                "dossier waiting for appraisal",
                "dossiers waiting for appraisal",
                dossiers["awaiting"],
            ),
            _queue(WAITING, unit),
        ),
        *_item(
            dossiers["passed"],
            ngettext(
                "dossier passed, waiting for the request letter",
                "dossiers passed, waiting for the request letter",
                dossiers["passed"],
            ),
            _queue(D.PASSED, unit),
        ),
        *_item(
            dossiers["proposed"],
            ngettext(
                "bright spot proposed, waiting for the recognition decision",
                "bright spots proposed, waiting for the recognition decision",
                dossiers["proposed"],
            ),
            _queue(D.PROPOSED, unit),
        ),
        *_item(
            spots["recognised"],
            ngettext("bright spot recognised", "bright spots recognised", spots["recognised"]),
            _spots(S.RECOGNISED, year, unit),
        ),
    ]


def officer_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """A unit officer's part: draft bright spots to complete, lists not sent yet (their
    leader sends them), bright spots without their progress update where the province
    asks for one and it may still be given, dossiers returned for revision, and, while
    the recognition window is open, dossiers to submit and bright spots without one.
    Five queries: the open years, the province's rules, the extensions, the spots,
    the dossiers (the first two once for every role)."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.OFFICER)
    cycles = years.open_of(units)
    moved = _extensions(user, cycles, units)
    closes = _window_closes(years, units, moved)
    asking, submitting = _asking_progress(years, closes), _submitting(years, closes)
    waived = [c for c in submitting if not years.rules(c).acknowledgement_required]
    may_open = Q(status__in=UNDER_WAY) | Q(status=S.REGISTERED, cycle__in=waived)
    spots = _spot_counts(
        user,
        Role.OFFICER,
        cycles,
        # Acknowledged, not in progress: a spot's first update moves it on.
        no_update=Count("pk", filter=Q(status=S.ACKNOWLEDGED, cycle__in=asking)),
        no_dossier=Count("pk", filter=may_open & Q(cycle__in=submitting, dossier__isnull=True)),
    )
    dossiers = _dossier_counts(
        user,
        Role.OFFICER,
        returned=Count("pk", filter=Q(status=D.RETURNED)),
        drafts=Count("pk", filter=Q(status=D.DRAFT, bright_spot__cycle__in=submitting)),
    )
    year, unit = _year(cycles), _only_unit(units)
    return RoleTodo(
        Role.OFFICER,
        units,
        waiting=_officer_waiting(spots, dossiers, year, unit),
        next_dates=_unit_dates(years, units, moved),
        sent=_unit_standing(spots, dossiers, year, unit),
    )


def _officer_waiting(spots: dict, dossiers: dict, year, unit) -> list[Item]:
    return [
        *_item(
            spots["drafts"],
            ngettext(
                "draft bright spot to complete", "draft bright spots to complete", spots["drafts"]
            ),
            _spots(S.DRAFT, year, unit),
        ),
        *_item(
            spots["lists"],
            ngettext(
                "registration list not sent yet: your unit leader approves and sends it",
                "registration lists not sent yet: your unit leaders approve and send them",
                spots["lists"],
            ),
            _list_page(spots, year, unit),
        ),
        *_item(
            spots["no_update"],
            ngettext(
                "bright spot under way without its progress update",
                "bright spots under way without their progress update",
                spots["no_update"],
            ),
            _spots(S.ACKNOWLEDGED, year, unit),
        ),
        *_item(
            dossiers["returned"],
            ngettext(
                "dossier returned for revision: fix it and resubmit",
                "dossiers returned for revision: fix them and resubmit",
                dossiers["returned"],
            ),
            _queue(D.RETURNED, unit),
        ),
        *_item(
            dossiers["drafts"],
            ngettext(
                "dossier to submit while the recognition window is open",
                "dossiers to submit while the recognition window is open",
                dossiers["drafts"],
            ),
            _queue(D.DRAFT, unit),
        ),
        *_item(
            spots["no_dossier"],
            ngettext(
                "bright spot may open its recognition dossier",
                "bright spots may open their recognition dossier",
                spots["no_dossier"],
            ),
            _queue("", unit),
        ),
    ]


def leader_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """A unit leader's part: the registration list to approve and send (with how many
    bright spots) and the dossiers passed that wait for the request letter the
    leadership writes. Five queries, as ``officer_todo``."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.LEADER)
    cycles = years.open_of(units)
    spots = _spot_counts(
        user,
        Role.LEADER,
        cycles,
        unsent=Count("pk", filter=UNSENT),
    )
    dossiers = _dossier_counts(user, Role.LEADER)
    year, unit = _year(cycles), _only_unit(units)
    waiting = [
        *_item(
            spots["lists"],
            ngettext(
                "registration list to approve and send",
                "registration lists to approve and send",
                spots["lists"],
            ),
            _list_page(spots, year, unit),
            detail=ngettext("%(count)d bright spot", "%(count)d bright spots", spots["unsent"])
            % {"count": spots["unsent"]},
        ),
        *_item(
            dossiers["passed"],
            ngettext(
                "dossier passed: write and send the request letter",
                "dossiers passed: write and send the request letters",
                dossiers["passed"],
            ),
            _queue(D.PASSED, unit),
        ),
    ]
    return RoleTodo(
        Role.LEADER,
        units,
        waiting=waiting,
        next_dates=_unit_dates(years, units, _extensions(user, cycles, units)),
        sent=_unit_standing(spots, dossiers, year, unit),
    )


# ---------------------------------------------------------------- boards


def _routings(user: User, role: str, cycles: list[Cycle]):
    """Parts of lists routed to the role's boards in the open years (the cycles as
    constants: the inbox index reads them in order)."""
    return RegistrationRouting.objects.received_by(
        user, roles={role}, cycles=[cycle.pk for cycle in cycles]
    ).order_by()


def _bounded(rows) -> tuple[int, bool]:
    """(count, more): ``rows`` counted up to ``TODO_BOUND``, in a query that stops
    there, so a board's to-do costs the same in a province ten times the size."""
    found = rows[: TODO_BOUND + 1].count()
    return min(found, TODO_BOUND), found > TODO_BOUND


def _lists_waiting(routings, year: int | None) -> list[Item]:
    count, more = _bounded(routings.filter(status=RoutingStatus.PENDING))
    return _item(
        count,
        ngettext(
            "registration list waiting for the board's acknowledgement",
            "registration lists waiting for the board's acknowledgement",
            count,
        ),
        _url("brightspots:inbox", status=RoutingStatus.PENDING, year=year),
        more=more,
    )


def _lists_answered(routings, user: User, year: int | None) -> list[Item]:
    count, more = _bounded(routings.filter(acted_by=user, status=RoutingStatus.ACKNOWLEDGED))
    return _item(
        count,
        ngettext(
            "registration list you acknowledged",
            "registration lists you acknowledged",
            count,
        ),
        _url("brightspots:inbox", status=RoutingStatus.ACKNOWLEDGED, year=year),
        more=more,
    )


def steering_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """A steering board member's part: parts of registration lists waiting for their
    boards' acknowledgement, and the dossiers passed ("đạt") in their reach that wait
    for the request letter (the steering board or the leadership writes it); then the
    letters they sent and what became of them. Five queries: the open years, the
    rules, the lists waiting, those answered, the dossiers."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.STEERING)
    cycles = years.open_of(units)
    inbox = _routings(user, Role.STEERING, cycles)
    reach = reach_q(user, Role.STEERING, unit_field="bright_spot__unit")
    mine = Q(proposed_by=user)
    dossiers = Dossier.objects.filter(reach | mine).aggregate(
        letters=Count("pk", filter=reach & Q(status=D.PASSED)),
        proposed=Count("pk", filter=mine & Q(status=D.PROPOSED)),
        recognised=Count("pk", filter=mine & Q(bright_spot__status=S.RECOGNISED)),
    )
    year = _year(cycles)
    waiting = [
        *_lists_waiting(inbox, year),
        *_item(
            dossiers["letters"],
            ngettext(
                "dossier passed: write and send the request letter",
                "dossiers passed: write and send the request letters",
                dossiers["letters"],
            ),
            _queue(D.PASSED, None),
        ),
    ]
    sent = [
        *_lists_answered(inbox, user, year),
        *_item(
            dossiers["proposed"],
            ngettext(
                "request letter you sent, waiting for the recognition decision",
                "request letters you sent, waiting for the recognition decision",
                dossiers["proposed"],
            ),
            _queue(D.PROPOSED, None),
        ),
        *_item(
            dossiers["recognised"],
            ngettext(
                "bright spot you proposed was recognised",
                "bright spots you proposed were recognised",
                dossiers["recognised"],
            ),
            _spots(S.RECOGNISED, year, None),
        ),
    ]
    return RoleTodo(
        Role.STEERING,
        units,
        waiting=waiting,
        next_dates=_province_dates(years, cycles),
        sent=sent,
    )


def appraiser_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """An appraiser's part: the dossiers waiting for appraisal in their queue
    (``apps.dossiers.selectors.dossier_queue``) and, on a board, parts of lists waiting
    for its acknowledgement; then the dossiers they appraised and where those stand.
    After their "passed" the leadership or the steering board writes the request
    letter, which the page says. Five to seven queries (the queue reads the user's
    grants and board seats)."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.APPRAISER)
    cycles = years.open_of(units)
    inbox = _routings(user, Role.APPRAISER, cycles)
    queue = dossier_queue(user=user, state=WAITING).aggregate(n=Count("pk"))["n"]
    done = Dossier.objects.filter(appraiser=user).aggregate(
        returned=Count("pk", filter=Q(status=D.RETURNED)),
        passed=Count("pk", filter=Q(status=D.PASSED)),
        proposed=Count("pk", filter=Q(status=D.PROPOSED)),
    )
    waiting = [
        *_item(
            queue,
            ngettext("dossier waiting for appraisal", "dossiers waiting for appraisal", queue),
            _queue(WAITING, None),
        ),
        *_lists_waiting(inbox, _year(cycles)),
    ]
    sent = [
        *_item(
            done["returned"],
            ngettext(
                "dossier you returned, waiting for its unit to resubmit",
                "dossiers you returned, waiting for their units to resubmit",
                done["returned"],
            ),
            _queue(D.RETURNED, None),
        ),
        *_item(
            done["passed"],
            ngettext(
                "dossier you passed, waiting for the request letter",
                "dossiers you passed, waiting for the request letter",
                done["passed"],
            ),
            _queue(D.PASSED, None),
        ),
        *_item(
            done["proposed"],
            ngettext(
                "dossier you passed was proposed for recognition",
                "dossiers you passed were proposed for recognition",
                done["proposed"],
            ),
            _queue(D.PROPOSED, None),
        ),
    ]
    return RoleTodo(
        Role.APPRAISER,
        units,
        waiting=waiting,
        next_dates=_province_dates(years, cycles),
        sent=sent,
        note=_(
            "After you conclude “passed”, the leadership of the level or its steering "
            "board writes and sends the request letter."
        ),
    )


# ---------------------------------------------------------------- decisions


def _proposed_to(authorities: list[Unit]) -> dict[int, int]:
    """How many proposed bright spots each authority may recognise and no live
    decision lists (``recognisable_bright_spots``), in one query."""
    if not authorities:
        return {}
    spots = reduce(or_, (recognisable_bright_spots(authority=a) for a in authorities))
    counts = spots.aggregate(**{f"a{a.pk}": Count("pk", filter=in_level_q(a)) for a in authorities})
    return {a.pk: counts[f"a{a.pk}"] for a in authorities}


def decision_maker_todo(
    *, user: User, today: datetime.date, years: OpenYears | None = None
) -> RoleTodo:
    """A decision maker's part: for each authority they sign for, the proposed bright
    spots it must decide (only its own level's), and its draft decisions to issue;
    then the decisions issued this year. Four queries: the open years, the rules, the
    proposed spots of every authority at once, the decisions."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.DECISION_MAKER)
    authorities = authorities_of(user)
    counts = _proposed_to(authorities)
    decisions = Decision.objects.filter(authority__in=authorities).aggregate(
        drafts=Count("pk", filter=Q(status=DecisionStatus.DRAFT)),
        issued=Count("pk", filter=Q(status=DecisionStatus.ISSUED, year=today.year)),
    )
    waiting = [
        item
        for authority in authorities
        for item in _item(
            counts[authority.pk],
            ngettext(
                "bright spot proposed to %(authority)s, waiting for your decision",
                "bright spots proposed to %(authority)s, waiting for your decision",
                counts[authority.pk],
            )
            % {"authority": authority.name},
            _url("decisions:create", authority.pk),
        )
    ]
    waiting += _item(
        decisions["drafts"],
        ngettext(
            "draft decision to check and issue",
            "draft decisions to check and issue",
            decisions["drafts"],
        ),
        _url("decisions:list", status=DecisionStatus.DRAFT),
    )
    sent = _item(
        decisions["issued"],
        ngettext("decision issued in %(year)s", "decisions issued in %(year)s", decisions["issued"])
        % {"year": today.year},
        _url("decisions:list", status=DecisionStatus.ISSUED),
    )
    cycles = years.open_of(units)
    return RoleTodo(
        Role.DECISION_MAKER,
        units,
        waiting=waiting,
        next_dates=_province_dates(years, cycles),
        sent=sent,
    )


# ---------------------------------------------------------------- the others


def observer_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """An observer reads; their part is the open year's next date. Two queries: the
    open years, the rules."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.OBSERVER)
    return RoleTodo(Role.OBSERVER, units, next_dates=_province_dates(years, years.open_of(units)))


def _cycles_to_open(years: OpenYears, province: Unit) -> list[Item]:
    """This year's cycle when the province has none; next year's once this year's last
    date has passed (units register for it from December)."""
    today = years.today
    held = {cycle.year: cycle for cycle in years.cycles(province.path)}
    if today.year not in held:
        wanted = today.year
    elif today > last_date(held[today.year]) and today.year + 1 not in held:
        wanted = today.year + 1
    else:
        return []
    text = _("Open the year %(year)s for %(province)s") % {
        "year": wanted,
        "province": province.name,
    }
    return _item(None, text, _url("cycles:create"))


def admin_todo(*, user: User, today: datetime.date, years: OpenYears | None = None) -> RoleTodo:
    """A province administrator's part: what the province's process still lacks
    (``process_problems``, ``route_problems``) and the years to open. Three or four
    queries for each province administered (the rules, the boards, the process)."""
    years = years or OpenYears(user=user, today=today)
    units = _units(user, Role.ADMIN)
    waiting = []
    for province in rules_provinces(user):
        problems = process_problems(province=province) + route_problems(province=province)
        waiting += _item(
            len(problems),
            ngettext(
                "thing to set in the process of %(province)s",
                "things to set in the process of %(province)s",
                len(problems),
            )
            % {"province": province.name},
            _url("cycles:rules", province.pk),
            lines=tuple(problems),
        )
        waiting += _cycles_to_open(years, province)
    return RoleTodo(
        Role.ADMIN,
        units,
        waiting=waiting,
        next_dates=_province_dates(years, years.open_of(units)),
    )


TODO_OF_ROLE = {
    Role.OFFICER: officer_todo,
    Role.LEADER: leader_todo,
    Role.APPRAISER: appraiser_todo,
    Role.STEERING: steering_todo,
    Role.DECISION_MAKER: decision_maker_todo,
    Role.OBSERVER: observer_todo,
    Role.ADMIN: admin_todo,
}


def home_todo(*, user: User, today: datetime.date) -> list[RoleTodo]:
    """The part of each role the user holds, in ``Role`` order; the open years are read
    once for all of them."""
    held = {m.role for m in memberships(user)}
    years = OpenYears(user=user, today=today)
    return [
        TODO_OF_ROLE[role](user=user, today=today, years=years) for role in Role if role in held
    ]

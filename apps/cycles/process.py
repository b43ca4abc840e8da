"""A province's process as data: reading a version (``Process``), finding the version
of a cycle or a province, loading one from a file, and the checks a version must pass
before it is published.

Published versions never change and a cycle never changes its version, so both are
kept in this process's memory once read: a page asks ``process_of(cycle_id=...)`` for
every row it shows and pays one query the first time only.
"""

from __future__ import annotations

import datetime
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from apps.core.middleware import request_memo
from apps.core.reference import kept
from apps.cycles.enums import DATE_FIELDS, CycleDate, RouteLevel
from apps.cycles.models import (
    Cycle,
    ProcessConferenceLevel,
    ProcessDeadline,
    ProcessKind,
    ProcessMinimum,
    ProcessRoute,
    ProcessVersion,
)
from apps.units.enums import BoardFunction

if TYPE_CHECKING:
    from apps.units.models import Unit

# The portal's default process: Nghệ An's (docs/process.md), as data.
DEFAULT_PROCESS_FILE = Path(settings.BASE_DIR) / "fixtures" / "process" / "nghe-an.json"


@dataclass(frozen=True)
class Kind:
    code: str
    name: str
    document_phrase: str
    certificate_title: str
    unit_kinds: tuple[str, ...]

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class RouteRule:
    """Where a list's spots of one kind go, as board functions: the receiving board, the
    office the list passes through and the board that gets a copy ("" for none), taken
    at ``level``. A board function is carried by any unit, whatever its kind (Sở Nội vụ
    is a department with ``function=noi_vu``)."""

    board: str
    via: str = ""
    copy_to: str = ""
    level: str = RouteLevel.PROVINCE

    def steps(self) -> list[tuple[str, str]]:
        """(role, function) of each step the route names, receiving board first."""
        named = (("board", self.board), ("via", self.via), ("copy_to", self.copy_to))
        return [(role, function) for role, function in named if function]


@dataclass(frozen=True)
class Process:
    """One published version of a province's process, read once."""

    version_id: int
    province_id: int | None
    number: int
    title: str
    period_start: tuple[int, int]  # (month, day)
    review_report_to: tuple[str, ...]  # board functions
    kinds: tuple[Kind, ...]
    routes: dict[str, RouteRule]
    minimums: tuple[tuple[str, str, int], ...]  # (kind, unit kind or "", count)
    dates: dict[str, tuple[int, int]]  # field -> (month, day)
    reminders: dict[str, tuple[int, ...]]  # field -> days before
    year_dates: dict[str, dict[int, tuple[int, int]]]  # field -> {year: (month, day)}
    conference_levels: tuple[tuple[str, datetime.date | None, datetime.date | None], ...]

    @property
    def kind_codes(self) -> tuple[str, ...]:
        return tuple(kind.code for kind in self.kinds)

    def kind(self, code: str) -> Kind | None:
        return next((kind for kind in self.kinds if kind.code == code), None)

    def label(self, code: str) -> str:
        """The kind's name (its code when the version has no such kind)."""
        kind = self.kind(code)
        return kind.name if kind else code

    def choices(self, unit_kind: str | None = None) -> list[tuple[str, str]]:
        """(code, name) of the kinds, those ``unit_kind`` registers when given."""
        return [
            (kind.code, kind.name)
            for kind in self.kinds
            if unit_kind is None or not kind.unit_kinds or unit_kind in kind.unit_kinds
        ]

    def minimum(self, unit_kind: str | None = None) -> dict[str, int]:
        """{kind: count} a unit of ``unit_kind`` builds each year, in the kinds' order:
        the rows for every unit, overridden by the rows for its kind of unit (a count of
        0 exempts it)."""
        found = {kind: count for kind, of, count in self.minimums if not of}
        found |= {kind: count for kind, of, count in self.minimums if of and of == unit_kind}
        return {kind: found[kind] for kind in self.kind_codes if found.get(kind)}

    @property
    def minimum_kinds(self) -> tuple[str, ...]:
        """Every kind some unit must build, in the kinds' order."""
        named = {kind for kind, _of, count in self.minimums if count}
        return tuple(code for code in self.kind_codes if code in named)

    def period(self, year: int) -> tuple[datetime.date, datetime.date]:
        month, day = self.period_start
        start = datetime.date(year, month, day)
        if (month, day) == (1, 1):
            return start, datetime.date(year, 12, 31)
        return start.replace(year=year - 1), start - datetime.timedelta(days=1)

    def date_in_period(self, year: int, month: int, day: int) -> datetime.date:
        """The day ``day``/``month`` that falls in ``year``'s period."""
        _first, last = self.period(year)
        candidate = datetime.date(last.year, month, day)
        return candidate if candidate <= last else candidate.replace(year=last.year - 1)

    def default_dates(self, year: int) -> dict[str, datetime.date]:
        """A new cycle's dates for ``year``, each in the year's period."""
        return {
            name: self.date_in_period(year, *self.year_dates[name].get(year, self.dates[name]))
            for name in DATE_FIELDS
            if name in self.dates
        }

    def reminder_days(self, field: str) -> tuple[int, ...]:
        """Days before the date that reminders go out (the portal's default if unset)."""
        return self.reminders.get(field) or tuple(settings.REMINDER_OFFSETS_DAYS)

    def levels_gone_by(self, day: datetime.date) -> set[str]:
        """Levels the process names only with a validity that ended before ``day``
        (districts, gone on 1/7/2025)."""
        named = {level for level, _since, _until in self.conference_levels}
        return (
            named
            - self.conference_levels_on(day)
            - {
                level
                for level, since, _until in self.conference_levels
                if since is not None and since > day
            }
        )

    def conference_levels_on(self, day: datetime.date) -> set[str]:
        """The unit levels holding commendation conferences on ``day``."""
        return {
            level
            for level, since, until in self.conference_levels
            if (since is None or since <= day) and (until is None or day <= until)
        }


_BY_VERSION: dict[int, Process] = {}
_VERSION_OF_CYCLE: dict[int, int] = {}


def _read(version: ProcessVersion) -> Process:
    kinds = tuple(
        Kind(k.code, k.name, k.document_phrase, k.certificate_title, tuple(k.unit_kinds))
        for k in version.kinds.all()
    )
    order = {kind.code: i for i, kind in enumerate(kinds)}
    routes = sorted(version.routes.all(), key=lambda r: (order.get(r.kind, len(order)), r.kind))
    deadlines = list(version.deadlines.all())
    return Process(
        version_id=version.pk,
        province_id=version.province_id,
        number=version.number,
        title=version.title,
        period_start=(version.period_start_month, version.period_start_day),
        review_report_to=tuple(version.review_report_to),
        kinds=kinds,
        routes={r.kind: RouteRule(r.board, r.via, r.copy_to, r.level) for r in routes},
        minimums=tuple((m.kind, m.unit_kind, m.count) for m in version.minimums.all()),
        dates={d.field: (d.month, d.day) for d in deadlines},
        reminders={d.field: tuple(sorted(d.reminder_days)) for d in deadlines},
        year_dates={
            d.field: {int(y): day_month(t)[::-1] for y, t in d.year_dates.items()}
            for d in deadlines
        },
        conference_levels=tuple(
            (c.level, c.valid_from, c.valid_until) for c in version.conference_levels.all()
        ),
    )


# The rows of a version (reverse relations of ProcessVersion): read with it, copied
# into a draft.
VERSION_ROWS = ("kinds", "routes", "minimums", "deadlines", "conference_levels")


def process_of_version(version_id: int) -> Process:
    """The process of a version: published ones are read once; a draft every time."""
    if version_id in _BY_VERSION:
        return _BY_VERSION[version_id]
    version = ProcessVersion.objects.prefetch_related(*VERSION_ROWS).get(pk=version_id)
    process = _read(version)
    if version.is_published:
        _BY_VERSION[version_id] = process
    return process


def process_of(*, cycle: Cycle | None = None, cycle_id: int | None = None) -> Process:
    """The process ``cycle`` is pinned to (the cycle object's field when at hand, else one
    query the first time a cycle id is asked)."""
    if cycle is not None and cycle.process_id is not None:
        return process_of_version(cycle.process_id)
    cycle_id = cycle.pk if cycle is not None else cycle_id
    if cycle_id not in _VERSION_OF_CYCLE:
        _VERSION_OF_CYCLE.update(Cycle.objects.filter(pk=cycle_id).values_list("pk", "process_id"))
    return process_of_version(_VERSION_OF_CYCLE[cycle_id])


def current_version(province: Unit | int | None, *, path: str | None = None) -> ProcessVersion:
    """The version a cycle of ``province`` (or of the province at ``path``) opening now
    is pinned to: the province's latest published one, else the portal's default
    (loaded from its file if the database has lost it). One query, once per request
    (``request_memo``)."""
    province_id = getattr(province, "pk", province)
    mine = Q(province__path=path) if path is not None else Q(province_id=province_id)
    memo = request_memo()
    key = ("cycles.current_version", province_id, path)
    if memo is not None and key in memo:
        return memo[key]
    found = (
        ProcessVersion.objects.filter(published_at__isnull=False)
        .filter(mine | Q(province__isnull=True))
        .order_by(F("province_id").desc(nulls_last=True), "-number")
        .first()
    ) or load_default()
    if memo is not None:
        memo[key] = found
    return found


def current_process(province: Unit | int | None) -> Process:
    return process_of_version(current_version(province).pk)


def province_process(unit: Unit) -> Process:
    """The current process of the province ``unit`` belongs to (one query)."""
    return process_of_version(current_version(None, path=unit.path[: unit.steplen]).pk)


def kind_label(code: str, *, cycle_id: int) -> str:
    """A kind's name in the process of a cycle."""
    return process_of(cycle_id=cycle_id).label(code)


def kind_choices(province: Unit | None = None, *, user=None) -> list[tuple[str, str]]:
    """Every kind of the province's current process and, without a province, of every
    published process, each code once with its newest name (for filters of pages over
    several provinces). One or two queries; the latter none when ``user`` (the request's)
    carries the reference cache's token (``apps.core.reference``: publishing a version
    changes it)."""
    if province is not None:
        return province_process(province).choices()
    if user is None:
        return _published_kinds()
    return kept(user, "published-kinds", _published_kinds)


def _published_kinds() -> list[tuple[str, str]]:
    rows = (
        ProcessKind.objects.filter(version__published_at__isnull=False)
        .order_by("order", "-version_id")
        .values_list("code", "name")
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items()) or current_process(None).choices()


# Loading a version from its file -----------------------------------------------------


def day_month(text: str) -> tuple[int, int]:
    """(day, month) of a yearly date written "dd/mm" in a process file; ValueError for a
    day the calendar has not (31/02)."""
    day, month = (int(part) for part in text.split("/")[:2])
    datetime.date(2000, month, day)
    return day, month


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


@transaction.atomic
def process_load(
    data: dict, *, province: Unit | None = None, by=None, publish: bool = True, note: str = ""
) -> ProcessVersion:
    """A new version of ``province``'s process (the portal's default without one) from
    ``data``, as ``fixtures/process/*.json`` write it; published unless ``publish`` is
    False. A published version must pass ``version_problems``."""
    number = (
        ProcessVersion.objects.filter(province=province)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    start_day, start_month = day_month(data.get("period_start", "01/01"))
    version = ProcessVersion.objects.create(
        province=province,
        number=number,
        title=data["title"],
        period_start_day=start_day,
        period_start_month=start_month,
        review_report_to=data.get("review_report_to", []),
        note=note,
        created_by=by,
    )
    ProcessKind.objects.bulk_create(
        ProcessKind(
            version=version,
            order=i,
            unit_kinds=row.get("unit_kinds", []),
            **{k: row[k] for k in ("code", "name", "document_phrase", "certificate_title")},
        )
        for i, row in enumerate(data["kinds"])
    )
    ProcessRoute.objects.bulk_create(
        ProcessRoute(version=version, **row) for row in data.get("routes", [])
    )
    ProcessMinimum.objects.bulk_create(
        ProcessMinimum(version=version, **row) for row in data.get("minimums", [])
    )
    ProcessDeadline.objects.bulk_create(
        ProcessDeadline(
            version=version,
            field=row["field"],
            day=day_month(row["date"])[0],
            month=day_month(row["date"])[1],
            reminder_days=row.get("reminder_days", []),
            year_dates=row.get("year_dates", {}),
        )
        for row in data.get("dates", [])
    )
    ProcessConferenceLevel.objects.bulk_create(
        ProcessConferenceLevel(
            version=version,
            level=row["level"],
            valid_from=_date(row.get("from", "")),
            valid_until=_date(row.get("until", "")),
        )
        for row in data.get("conference_levels", [])
    )
    if publish:
        problems = version_problems(version)
        if problems:
            raise ValueError("; ".join(problems))
        ProcessVersion.objects.filter(pk=version.pk).update(
            published_at=datetime.datetime.now(datetime.UTC), published_by=by
        )
        version.refresh_from_db()
    return version


def load_default() -> ProcessVersion:
    """The portal's default version, loaded from its file when the database has none
    (a fresh database is given it by migration; a test that empties the tables, here)."""
    with transaction.atomic():
        found = (
            ProcessVersion.objects.select_for_update()
            .filter(province__isnull=True, published_at__isnull=False)
            .first()
        )
        if found:
            return found
        data = json.loads(DEFAULT_PROCESS_FILE.read_text(encoding="utf-8"))
        return process_load(data)


# What a version must have before it is published --------------------------------------


def version_problems(version: ProcessVersion) -> list[str]:
    """Why ``version`` cannot work, one Vietnamese sentence each (empty: it can): a kind
    without a route, a route or minimum naming no kind of the version, a route or the
    review report's addressees naming boards the province lacks, a kind no criteria set
    covers, a date missing or out of order. A few queries."""
    kinds = {k.code: k for k in version.kinds.all()}
    routes = {r.kind: r for r in version.routes.all()}
    problems = []
    if not kinds:
        problems.append(_("The process has no kind of bright spot."))
    for code, kind in kinds.items():
        if code not in routes:
            problems.append(
                _("The kind “%(kind)s” has no route: its lists would reach no board.")
                % {"kind": kind.name}
            )
    for code in routes:
        if code not in kinds:
            problems.append(
                _("A route names the kind “%(kind)s”, which the process does not have.")
                % {"kind": code}
            )
    for minimum in version.minimums.all():
        if minimum.kind not in kinds:
            problems.append(
                _("The yearly minimum names the kind “%(kind)s”, which the process does not have.")
                % {"kind": minimum.kind}
            )
    problems += _board_problems(version, routes.values(), kinds)
    problems += _criteria_problems(version, kinds)
    problems += _date_problems(version)
    return problems


def _criteria_problems(version, kinds) -> list[str]:
    """Kinds no active criteria set (shared or the province's) covers: their spots could
    not be drafted. The default version is checked when a province publishes its own."""
    if version.province_id is None:
        return []
    from apps.criteria.models import CriteriaSet

    covered = set()
    for set_kinds in CriteriaSet.objects.filter(
        Q(province__isnull=True) | Q(province_id=version.province_id), is_active=True
    ).values_list("kinds", flat=True):
        covered.update(set_kinds)
    return [
        _("No active criteria set covers the kind “%(kind)s”: add its criteria first.")
        % {"kind": kind.name}
        for code, kind in kinds.items()
        if code not in covered
    ]


def _board_problems(version, routes, kinds) -> list[str]:
    """Routes whose board functions no unit of the province carries (a route to the
    nearest boards falls back on the province's, so those are checked too). The
    portal's default version belongs to no province and is checked per province when
    a province publishes its own."""
    if version.province_id is None:
        return []
    from apps.units.models import Unit

    province = version.province
    functions = set(
        Unit.objects.filter(path__startswith=province.path, depth=2, is_active=True)
        .exclude(function=BoardFunction.NONE)
        .values_list("function", flat=True)
    )
    problems = []
    for route in routes:
        for function in (route.board, route.via, route.copy_to):
            if function and function not in functions:
                problems.append(
                    _(
                        "The route of “%(kind)s” names “%(function)s”, but %(province)s has "
                        "no such board at the provincial level."
                    )
                    % {
                        "kind": kinds[route.kind].name if route.kind in kinds else route.kind,
                        "function": BoardFunction(function).label,
                        "province": province.name,
                    }
                )
    for function in version.review_report_to:
        if function not in functions:
            problems.append(
                _(
                    "The yearly review report goes to “%(function)s”, but %(province)s has no "
                    "such board at the provincial level."
                )
                % {"function": BoardFunction(function).label, "province": province.name}
            )
    return problems


def _date_problems(version) -> list[str]:
    rows = {d.field: d for d in version.deadlines.all()}
    problems = []
    for name in DATE_FIELDS:
        if name not in rows:
            problems.append(
                _("The date “%(date)s” has no default.") % {"date": CycleDate(name).label}
            )
    if problems:
        return problems
    process = _read(version)
    dates = process.default_dates(2001)  # a year without 29/2: any day but 29/2 fits
    for earlier, later in itertools.pairwise(DATE_FIELDS):
        if earlier == CycleDate.PROGRESS or later == CycleDate.PROGRESS:
            continue  # the mid-year update may fall on either side of the registration
        if dates[later] < dates[earlier]:
            problems.append(
                _("“%(later)s” (%(later_date)s) comes before “%(earlier)s” (%(earlier_date)s).")
                % {
                    "later": CycleDate(later).label,
                    "later_date": f"{dates[later]:%d/%m}",
                    "earlier": CycleDate(earlier).label,
                    "earlier_date": f"{dates[earlier]:%d/%m}",
                }
            )
    return problems


def check_day_month(day: int, month: int) -> str | None:
    """Why ``day``/``month`` is not a day every year has (None when it is)."""
    try:
        datetime.date(2001, month, day)
    except ValueError:
        return _("%(day)02d/%(month)02d is not a date every year has.") % {
            "day": day,
            "month": month,
        }
    return None

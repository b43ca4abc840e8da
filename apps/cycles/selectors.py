"""Reading cycles and deadlines. Other apps ask ``deadline_status`` or
``recognition_window_status`` before a dated step and refuse it with ``.refuse()``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import AuditEvent
from apps.core.selectors import audit_history
from apps.core.workflow import Refused
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension, ProcessRules

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apps.units.models import Unit


class DeadlineClosed(Refused):
    """A dated step attempted outside its dates; the message names the date (dd/mm/yyyy)."""


def cycle_for(*, unit: Unit, year: int) -> Cycle | None:
    """The cycle of the province (root of the tree) that ``unit`` belongs to."""
    root_path = unit.path[: unit.steplen]
    return Cycle.objects.filter(province__path=root_path, year=year).first()


def process_rules(*, unit: Unit | None = None, cycle: Cycle | None = None) -> ProcessRules:
    """The process rules of the province ``unit`` (or ``cycle``) belongs to; the defaults
    (Nghệ An's, every switch on) when the province has set none. One query."""
    if cycle is not None:
        rules = ProcessRules.objects.filter(province_id=cycle.province_id).first()
        return rules or ProcessRules(province_id=cycle.province_id)
    rules = ProcessRules.objects.filter(province__path=unit.path[: unit.steplen]).first()
    return rules or ProcessRules()


def effective_deadline(*, cycle: Cycle, unit: Unit, kind: str) -> tuple[datetime.date, bool]:
    """The last allowed day for ``unit`` and whether it comes from an extension."""
    extension = DeadlineExtension.objects.filter(cycle=cycle, unit=unit, deadline=kind).first()
    if extension and extension.new_date > cycle.deadline(kind):
        return extension.new_date, True
    return cycle.deadline(kind), False


def local_today(at: datetime.datetime | None = None) -> datetime.date:
    """Today in Asia/Ho_Chi_Minh (a deadline date includes its whole local day)."""
    return timezone.localdate(at or timezone.now())


def _ddmmyyyy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class DeadlineStatus:
    """Where one unit stands against one deadline on one day.

    ``deadline`` is the unit's last allowed day (its extension when later than the
    cycle's date); ``under_extension`` is True when the step is open only thanks to
    the extension (a list sent then is late).
    """

    kind: str
    today: datetime.date
    cycle_date: datetime.date
    deadline: datetime.date
    has_extension: bool

    @property
    def is_open(self) -> bool:
        return self.today <= self.deadline

    @property
    def is_closed(self) -> bool:
        return not self.is_open

    @property
    def under_extension(self) -> bool:
        return self.is_open and self.today > self.cycle_date

    @property
    def message(self) -> str:
        """Why the step is refused (empty while open)."""
        if self.is_open:
            return ""
        return _("The deadline “%(deadline)s” passed on %(date)s.") % {
            "deadline": DeadlineKind(self.kind).label,
            "date": _ddmmyyyy(self.deadline),
        }

    def refuse(self) -> None:
        """Raise ``DeadlineClosed`` when the deadline has passed."""
        if self.is_closed:
            raise DeadlineClosed(self.message, code="deadline_closed")


def deadline_status(
    *, cycle: Cycle, unit: Unit, kind: str, at: datetime.datetime | None = None
) -> DeadlineStatus:
    """Open or closed for ``unit`` at ``at`` (default now); a date counts until
    23:59:59 local time (Asia/Ho_Chi_Minh). One query."""
    deadline, extended = effective_deadline(cycle=cycle, unit=unit, kind=kind)
    return DeadlineStatus(
        kind=kind,
        today=local_today(at),
        cycle_date=cycle.deadline(kind),
        deadline=deadline,
        has_extension=extended,
    )


@dataclass(frozen=True)
class WindowStatus:
    """The recognition window (15/10–30/11 by default) for one unit on one day."""

    today: datetime.date
    opens: datetime.date
    cycle_closes: datetime.date
    closes: datetime.date
    has_extension: bool

    @property
    def not_yet_open(self) -> bool:
        return self.today < self.opens

    @property
    def is_closed(self) -> bool:
        return self.today > self.closes

    @property
    def is_open(self) -> bool:
        return not (self.not_yet_open or self.is_closed)

    @property
    def under_extension(self) -> bool:
        return self.is_open and self.today > self.cycle_closes

    @property
    def message(self) -> str:
        if self.not_yet_open:
            return _("The recognition window opens on %(date)s.") % {"date": _ddmmyyyy(self.opens)}
        if self.is_closed:
            return _("The recognition window closed on %(date)s.") % {
                "date": _ddmmyyyy(self.closes)
            }
        return ""

    def refuse(self) -> None:
        """Raise ``DeadlineClosed`` outside the window."""
        if not self.is_open:
            raise DeadlineClosed(self.message, code="window_closed")


def recognition_window_status(
    *, cycle: Cycle, unit: Unit, at: datetime.datetime | None = None
) -> WindowStatus:
    """Whether ``unit`` may submit for recognition at ``at``; an extension of the
    RECOGNITION deadline moves the close. One query."""
    closes, extended = effective_deadline(cycle=cycle, unit=unit, kind=DeadlineKind.RECOGNITION)
    return WindowStatus(
        today=local_today(at),
        opens=cycle.recognition_opens,
        cycle_closes=cycle.recognition_closes,
        closes=closes,
        has_extension=extended,
    )


def _from_iso(value: str | None) -> str:
    return _ddmmyyyy(datetime.date.fromisoformat(value)) if value else "—"


def cycle_history(*, cycle: Cycle, extensions: QuerySet) -> list[dict]:
    """The cycle's audit trail, newest first (one query): its own events, each changed
    date as (label, from, to) in dd/mm/yyyy, and the grants of ``extensions`` (the
    reader's: ``extensions_visible_to``), each with ``extension`` = {unit, deadline,
    from, to}; who, when and the reason are the event's."""
    granted = (
        extensions.filter(cycle=cycle)
        .order_by()
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    unit_name = DeadlineExtension.objects.filter(
        pk=Cast(OuterRef("object_id"), BigIntegerField())
    ).values("unit__name")[:1]
    events = (
        AuditEvent.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Cycle), object_id=str(cycle.pk))
            | Q(
                content_type=ContentType.objects.get_for_model(DeadlineExtension),
                object_id__in=granted,
                action="deadline_extend",
            )
        )
        .select_related("actor")
        .annotate(unit_name=Subquery(unit_name))
    )
    return [_history_row(event) for event in events]


def _history_row(event) -> dict:
    if event.action == "deadline_extend":
        extension = {
            "unit": event.unit_name,
            "deadline": DeadlineKind(event.data["deadline"]).label,
            "from": _from_iso(event.data.get("from")),
            "to": _from_iso(event.data.get("to")),
        }
        return {"event": event, "changes": [], "extension": extension}
    changes = [
        (Cycle._meta.get_field(name).verbose_name, _from_iso(c["from"]), _from_iso(c["to"]))
        for name, c in event.data.items()
        if isinstance(c, dict)
    ]
    return {"event": event, "changes": changes, "extension": None}


def _rule_value(value) -> str:
    if isinstance(value, bool):
        return _("on") if value else _("off")
    return value or "—"


def process_rules_history(*, province: Unit) -> list[dict]:
    """Changes of ``province``'s process rules, newest first, each changed field as
    (label, from, to) (one query)."""
    rows = []
    for event in audit_history(target=province).filter(action="process_rules_change"):
        changes = [
            (ProcessRules._meta.get_field(name).verbose_name, _rule_value(old), _rule_value(new))
            for name, (old, new) in event.data.items()
        ]
        rows.append({"event": event, "changes": changes})
    return rows


def process_problems(*, province: Unit) -> list[str]:
    """What the province's administrator must still set for the process to run as the
    documents say, in Vietnamese."""
    problems = []
    if not process_rules(unit=province).guidance_reference.strip():
        problems.append(
            _(
                "The number and date of the guidance are not set: recognition decisions "
                "leave that legal basis blank for the drafter."
            )
        )
    return problems


# ---------------------------------------------------------------- the open cycle

# How long after its last date a year stays the one pages open on (late reports,
# decisions and certificates still arrive then).
OPEN_CYCLE_GRACE = datetime.timedelta(days=30)


def last_date(cycle: Cycle) -> datetime.date:
    """The cycle's last date: the latest of its deadlines and recognition window."""
    return max(cycle.dates().values())


def open_cycle(cycles: Iterable[Cycle], *, today: datetime.date) -> Cycle | None:
    """Of ``cycles`` (loaded rows of one province), the one a page opens on: the latest
    whose last date plus ``OPEN_CYCLE_GRACE`` has not passed (next year's, once it is
    set up, as units register for it from December); else the latest not in the
    future; None without cycles. No query."""
    running = [c for c in cycles if last_date(c) + OPEN_CYCLE_GRACE >= today]
    begun = [c for c in cycles if c.year <= today.year]
    return max(running or begun, key=lambda c: c.year, default=None)


def open_cycle_year(
    *,
    today: datetime.date,
    unit: Unit | None = None,
    province_path: str | None = None,
) -> int:
    """The year pages with a year filter open on for the province of ``unit`` (or at
    ``province_path``): its open cycle's (``open_cycle``), or ``today``'s year when it
    has none. One query."""
    path = province_path if unit is None else unit.path[: unit.steplen]
    chosen = open_cycle(Cycle.objects.filter(province__path=path), today=today)
    return chosen.year if chosen else today.year

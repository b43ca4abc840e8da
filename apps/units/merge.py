"""Units merged into another (the 2025 reform merged communes): the old units' work and
people follow the new one.

A merge moves each old unit, with its subtree, under the unit it became (treebeard's
``move`` rewrites the paths of the whole subtree), marks it inactive with
``merged_into``: its finished history (recognised, not recognised, withdrawn spots,
decisions, certificates) stays attached to it and, lying in the new unit's subtree,
is seen by the new unit's people under the old name. Spots still under way move to
the new unit, their dossiers with them, and their registration lists too where the new
unit has none of that year; the old units' memberships move to the new unit.
``merge_plan`` is the preview (nothing written), ``units_merge`` does it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationList
from apps.core.folding import fold
from apps.core.models import AuditEvent
from apps.core.services import audit_event, audit_record
from apps.core.workflow import NotPermitted
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.accounts.models import User

# A spot in one of these states is history: it stays with the unit that built it.
FINISHED = frozenset(
    {BrightSpotStatus.RECOGNISED, BrightSpotStatus.NOT_RECOGNISED, BrightSpotStatus.WITHDRAWN}
)
MERGE_ACTION = "unit_merge"


@dataclass
class MergePlan:
    """What a merge would do (or did): the preview's figures and its refusals."""

    target: Unit
    sources: list[Unit]
    spots_moving: int = 0
    spots_staying: int = 0
    memberships_moving: int = 0
    lists_moving: int = 0
    # Registration lists of a year the new unit (or another old unit) already has one
    # for: they stay with their old unit, which sees them through under its name.
    lists_staying: list[RegistrationList] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _province_path(unit: Unit) -> str:
    return unit.path[: Unit.steplen]


def merge_problems(*, target: Unit, sources: list[Unit]) -> list[str]:
    """Why these units cannot be merged into ``target`` (empty when they can)."""
    problems = []
    if not sources:
        problems.append(_("Choose at least one old unit."))
    if not target.is_active:
        problems.append(_("%(unit)s is no longer active.") % {"unit": target.name})
    for source in sources:
        if source.pk == target.pk:
            problems.append(_("A unit cannot be merged into itself."))
        elif not source.is_active:
            problems.append(_("%(unit)s is no longer active.") % {"unit": source.name})
        elif source.depth == 1 or _province_path(source) != _province_path(target):
            problems.append(
                _("%(unit)s is not a unit of the same province.") % {"unit": source.name}
            )
        elif target.path.startswith(source.path) or source.path.startswith(target.path):
            problems.append(
                _("%(unit)s and %(target)s lie in one another.")
                % {"unit": source.name, "target": target.name}
            )
    return problems


def _moving_spots(sources: list[Unit]):
    return BrightSpot.objects.filter(unit__in=sources).exclude(status__in=FINISHED)


def _lists(target: Unit, sources: list[Unit]) -> tuple[list, list]:
    """The old units' registration lists holding spots under way, split into those
    that move to ``target`` (a year it has no list for, one old list of that year) and
    those that stay."""
    lists = list(
        RegistrationList.objects.filter(unit__in=sources, bright_spots__in=_moving_spots(sources))
        .distinct()
        .select_related("unit", "cycle")
        .order_by("cycle__year", "unit__path")
    )
    taken = set(RegistrationList.objects.filter(unit=target).values_list("cycle_id", flat=True))
    per_cycle = Counter(each.cycle_id for each in lists)
    moving = [
        each for each in lists if each.cycle_id not in taken and per_cycle[each.cycle_id] == 1
    ]
    return moving, [each for each in lists if each not in moving]


def merge_plan(*, target: Unit, sources: list[Unit]) -> MergePlan:
    """The preview: what ``units_merge`` would move, and why it would refuse (five
    queries)."""
    spots = BrightSpot.objects.filter(unit__in=sources)
    moving_lists, staying_lists = _lists(target, sources)
    return MergePlan(
        target=target,
        sources=sources,
        spots_moving=_moving_spots(sources).count(),
        spots_staying=spots.filter(status__in=FINISHED).count(),
        memberships_moving=Membership.objects.filter(unit__in=sources).count(),
        lists_moving=len(moving_lists),
        lists_staying=staying_lists,
        problems=merge_problems(target=target, sources=sources),
    )


def _move_memberships(sources: list[Unit], target: Unit) -> int:
    """Each old unit's role to the new unit; a role the person already holds there
    for the same period is not doubled."""
    held = set(Membership.objects.filter(unit=target).values_list("user_id", "role", "starts_on"))
    moving = list(Membership.objects.filter(unit__in=sources))
    doubles = [m.pk for m in moving if (m.user_id, m.role, m.starts_on) in held]
    Membership.objects.filter(pk__in=doubles).delete()
    return Membership.objects.filter(unit__in=sources).update(unit=target)


def _move_spots(sources, target, by, now, comment) -> int:
    spots = list(_moving_spots(sources).values_list("pk", "unit_id"))
    BrightSpot.objects.filter(pk__in=[pk for pk, _unit in spots]).update(
        unit=target, updated_at=now
    )
    spot_type = ContentType.objects.get_for_model(BrightSpot)
    AuditEvent.objects.bulk_create(
        audit_event(
            actor=by,
            content_type=spot_type,
            object_id=pk,
            action=MERGE_ACTION,
            comment=comment,
            data={"from_unit": unit_id, "to_unit": target.pk},
            at=now,
        )
        for pk, unit_id in spots
    )
    return len(spots)


@transaction.atomic
def units_merge(
    *,
    target: Unit,
    sources: list[Unit],
    by: User,
    now: datetime.datetime | None = None,
) -> MergePlan:
    """Merge ``sources`` into ``target`` (the province's administrator).

    Effects: each old unit, with its subtree, moves under ``target`` and becomes
    inactive with ``merged_into`` and ``merged_at``; its spots still under way move to
    ``target`` (an audit row "unit_merge" each), its finished ones stay; their
    registration lists move with them unless ``target`` (or another old unit) has one
    of that year; its memberships move to ``target``; an audit row "unit_merge" on ``target`` and on
    each old unit names the merge. The unit table is locked against other tree
    writes meanwhile."""
    from apps.accounts.permissions import can

    now = now or timezone.now()
    if not can(by, "history.merge_units", target):
        raise NotPermitted(_("Only the province's administrator may merge units."))
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Unit._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    target = Unit.objects.get(pk=target.pk)
    sources = list(Unit.objects.filter(pk__in=[s.pk for s in sources]).order_by("path"))
    plan = merge_plan(target=target, sources=sources)
    if plan.problems:
        raise ValidationError(plan.problems)
    names = ", ".join(s.name for s in sources)
    comment = _("%(old)s merged into %(new)s") % {"old": names, "new": target.name}
    moving_lists, plan.lists_staying = _lists(target, sources)
    RegistrationList.objects.filter(pk__in=[each.pk for each in moving_lists]).update(unit=target)
    plan.lists_moving = len(moving_lists)
    plan.spots_moving = _move_spots(sources, target, by, now, comment)
    plan.memberships_moving = _move_memberships(sources, target)
    for source in sources:
        Unit.objects.move(
            Unit.objects.get(pk=source.pk), Unit.objects.get(pk=target.pk), "last-child"
        )
    Unit.objects.filter(pk__in=[s.pk for s in sources]).update(
        is_active=False, merged_into=target, merged_at=now, updated_at=now
    )
    for source in sources:
        audit_record(
            actor=by,
            target=source,
            action=MERGE_ACTION,
            comment=comment,
            data={"merged_into": target.code},
            at=now,
        )
    audit_record(
        actor=by,
        target=target,
        action=MERGE_ACTION,
        comment=comment,
        data={
            "merged": [s.code for s in sources],
            "spots_moved": plan.spots_moving,
            "memberships_moved": plan.memberships_moving,
            "lists_moved": plan.lists_moving,
        },
        at=now,
    )
    return plan


# --- suggestions from the national map ---------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    target: Unit
    sources: tuple[Unit, ...]


def merge_suggestions(province: Unit) -> list[Suggestion]:
    """Old units of ``province`` that vietnam-provinces' table of the 1/7/2025 reform
    maps to one of its current communes ("W16702"), matched by the old ward's name or
    code. Two queries; a suggestion only fills the form."""
    from vietnam_provinces._ward_conversion_2025 import find_old_wards
    from vietnam_provinces.legacy import Ward as OldWard
    from vietnam_provinces.legacy import WardCode as OldWardCode

    units = list(
        Unit.objects.filter(path__startswith=province.path, depth__gt=1, is_active=True).only(
            "id", "code", "name", "path", "depth", "is_active"
        )
    )
    by_name = {fold(u.name): u for u in units if not u.code.startswith("W")}
    by_code = {u.code: u for u in units}
    suggestions = []
    for unit in units:
        if not (unit.code.startswith("W") and unit.code[1:].isdigit()):
            continue
        entry = find_old_wards(int(unit.code[1:]))
        found = []
        for old in entry.old_wards if entry else ():
            try:
                name = OldWard.from_code(OldWardCode(old.code)).name
            except ValueError:
                continue
            match = by_name.get(fold(name)) or by_code.get(str(old.code))
            if match is not None and match.pk != unit.pk:
                found.append(match)
        if found:
            suggestions.append(Suggestion(target=unit, sources=tuple(found)))
    return suggestions

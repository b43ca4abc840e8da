"""Who is who: the one home of "which people hold these roles where", used by every
notice, reminder and report addressee list. Active people in active units only, with
the role in force on ``today`` (default: the local date): whoever left is not told,
whoever starts later not yet."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import Membership, User, in_force_q
from apps.units.models import Unit


def _people(where: Q, roles: Iterable[str], today: datetime.date | None) -> QuerySet:
    # One filter() call: the role, the unit and the dates are those of the same row.
    return (
        User.objects.filter(is_active=True)
        .filter(
            where,
            in_force_q(today or timezone.localdate(), "memberships"),
            memberships__role__in=list(roles),
            memberships__unit__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def members_of(
    *, units: Iterable[Unit], roles: Iterable[str], today: datetime.date | None = None
) -> QuerySet:
    """People holding one of ``roles`` in exactly one of ``units`` (units, or a
    queryset of them read as a subquery)."""
    ids = units.values("pk") if isinstance(units, QuerySet) else [u.pk for u in units]
    return _people(Q(memberships__unit__in=ids), roles, today)


def seats_matching(*, where: Q, today: datetime.date | None = None) -> QuerySet:
    """The memberships in force on ``today`` matching ``where`` (a Q over Membership),
    of active people in active units, with their user, by user: one query for any mix
    of units and roles (each unit's people for its notice, each routing's boards)."""
    return (
        Membership.objects.in_force(today or timezone.localdate())
        .filter(where, user__is_active=True, unit__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )


def members_by_unit(
    *, unit_ids: Iterable[int], roles: Iterable[str], today: datetime.date | None = None
) -> dict[int, list[User]]:
    """For each unit, the people holding one of ``roles`` in it (one query for all the
    units: for notices sent unit by unit)."""
    rows = seats_matching(where=Q(unit_id__in=list(unit_ids), role__in=list(roles)), today=today)
    found: dict[int, dict[int, User]] = defaultdict(dict)
    for membership in rows:
        found[membership.unit_id][membership.user_id] = membership.user
    return {unit_id: list(users.values()) for unit_id, users in found.items()}


def members_over(
    *, unit: Unit, roles: Iterable[str], today: datetime.date | None = None
) -> QuerySet:
    """People holding one of ``roles`` in ``unit`` or one of its ancestors (whose reach
    covers the unit)."""
    return _people(Q(memberships__unit__path__in=unit.ancestor_paths()), roles, today)


def members_within(
    *, path: str, roles: Iterable[str], today: datetime.date | None = None
) -> QuerySet:
    """People holding one of ``roles`` anywhere in the subtree at ``path``."""
    return _people(Q(memberships__unit__path__startswith=path), roles, today)


def unit_memberships(*, unit: Unit) -> QuerySet:
    """Every membership of ``unit`` (past, present and future), for its page: one query."""
    return (
        Membership.objects.filter(unit=unit, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name", "starts_on")
    )


def province_of(unit: Unit) -> str:
    """The path of the province ``unit`` lies in (the root of its tree)."""
    return unit.path[: unit.steplen]

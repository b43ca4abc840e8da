"""Who may see and change yearly cycles and deadline extensions.

A cycle belongs to a province (a root of the unit tree). Everyone holding any role
anywhere in that province sees it; the province's administrators change its dates;
an administrator of a subtree extends deadlines for the units of that subtree.
"""

from django.db.models import Q

from apps.accounts.enums import ALL_ROLES, Role
from apps.accounts.permissions import (
    administers_province,
    has_role,
    is_superuser,
    memberships,
    reach_q,
    rule,
)
from apps.cycles.models import Cycle, DeadlineExtension
from apps.units.models import Unit


def province_paths(user, roles=None) -> set[str]:
    """Root paths of the provinces where the user holds a role (any, or one of ``roles``)."""
    return {
        m.unit.path[: Unit.steplen] for m in memberships(user) if roles is None or m.role in roles
    }


@rule("cycles.view")
def can_view_cycle(user, cycle) -> bool:
    return is_superuser(user) or cycle.province.path in province_paths(user)


@rule("cycles.create")
def can_create_cycle(user, province=None) -> bool:
    """``province`` None asks whether the user administers any province at all."""
    if province is None:
        return administers_province(user)
    return province.depth == 1 and has_role(user, Role.ADMIN, province)


@rule("cycles.change")
def can_change_cycle(user, cycle) -> bool:
    return has_role(user, Role.ADMIN, cycle.province)


@rule("cycles.change_rules")
def can_change_rules(user, province) -> bool:
    """The province's process rules: its administrators (at the province node)."""
    return province.depth == 1 and has_role(user, Role.ADMIN, province)


@rule("cycles.extend")
def can_extend_in_cycle(user, cycle) -> bool:
    """An administrator of the province or of any unit inside it."""
    return is_superuser(user) or cycle.province.path in province_paths(user, {Role.ADMIN})


def can_extend_for(user, cycle, unit) -> bool:
    """May ``user`` extend ``cycle``'s deadlines for ``unit`` (inside its province)?"""
    return unit.path.startswith(cycle.province.path) and has_role(user, Role.ADMIN, unit)


def cycles_visible_to(user):
    """Cycles of the provinces where the user holds any role (one query)."""
    cycles = Cycle.objects.select_related("province")
    if is_superuser(user):
        return cycles
    return cycles.filter(province__path__in=province_paths(user))


def administered_provinces(user):
    """Provinces (tree roots) where the user may create cycles."""
    return Unit.get_root_nodes().filter(reach_q(user, Role.ADMIN, unit_field=""))


def rules_provinces(user) -> list[Unit]:
    """The provinces whose process rules the user may change (no query: memberships)."""
    return [m.unit for m in memberships(user) if m.role == Role.ADMIN and m.unit.depth == 1]


def units_for_extension(user, cycle):
    """Units of ``cycle``'s province that the user may grant an extension to."""
    return Unit.objects.filter(
        Q(path__startswith=cycle.province.path) & reach_q(user, Role.ADMIN, unit_field="")
    ).order_by("path")


def cycles_extendable_by(user):
    """Cycles in which the user may grant extensions (province paths, one query)."""
    cycles = Cycle.objects.select_related("province")
    if is_superuser(user):
        return cycles
    return cycles.filter(province__path__in=province_paths(user, {Role.ADMIN}))


def extensions_visible_to(*, cycle: Cycle, user):
    """The cycle's extensions for units in the user's reach (any role), by unit."""
    return (
        DeadlineExtension.objects.filter(cycle=cycle)
        .filter(reach_q(user, ALL_ROLES, unit_field="unit"))
        .select_related("unit", "granted_by")
        .order_by("unit__path", "deadline")
    )

"""Choosing the unit subtree and the year a report page shows."""

from django.http import Http404

from apps.accounts.enums import ALL_ROLES, SUPERVISORS
from apps.accounts.permissions import (
    can,
    get_object_in_reach_or_404,
    is_superuser,
    memberships,
    reach_paths,
)
from apps.core import params
from apps.cycles.models import Cycle
from apps.reports.permissions import board_provinces
from apps.reports.selectors.dashboard import cycles_of
from apps.units.models import Unit


def chosen_unit(request, action: str) -> Unit:
    """``?unit=<pk>`` when in reach for ``action`` (else 404), or the widest unit the
    user reaches."""
    pk = params.key(request.GET, "unit")
    if pk:
        return get_object_in_reach_or_404(Unit.objects.all(), request.user, action, pk=pk)
    unit = default_unit(request.user, action)
    if unit is None:
        raise Http404
    return unit


def default_unit(user, action: str) -> Unit | None:
    if is_superuser(user):
        return Unit.objects.filter(depth=1).order_by("path").first()
    roles = SUPERVISORS if action == "reports.view_summary" else ALL_ROLES
    paths = set(reach_paths(user, roles)) | set(board_provinces(user))
    # The units of the user's memberships are loaded already: only a province followed
    # through one of its boards needs a query.
    loaded = {m.unit.path: m.unit for m in memberships(user)}
    units = [loaded[path] for path in paths if path in loaded]
    if not_loaded := paths - loaded.keys():
        units += Unit.objects.filter(path__in=not_loaded)
    for unit in sorted(units, key=lambda unit: (unit.depth, unit.path)):
        if can(user, action, unit):
            return unit
    return None


def chosen_cycle(unit: Unit, year: int) -> tuple[Cycle | None, list[Cycle]]:
    """The cycle of ``year`` (``?year=``, else this year's; else the newest) and all of
    them."""
    cycles = cycles_of(unit)
    by_year = {c.year: c for c in cycles}
    wanted = year
    cycle = by_year.get(wanted) or (cycles[0] if cycles else None)
    return cycle, cycles


def reachable_ancestors(user, unit: Unit, action: str) -> list[Unit]:
    """The unit's ancestors the user may open the same page for (breadcrumbs); a
    province has none (no query)."""
    if unit.depth == 1:
        return []
    return [a for a in Unit.objects.ancestors_of(unit) if a.pk != unit.pk and can(user, action, a)]

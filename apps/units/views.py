from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.accounts.permissions import can, get_object_in_reach_or_404
from apps.accounts.selectors import unit_memberships
from apps.core import params
from apps.core.pagination import PAGE_SIZE
from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit
from apps.units.permissions import units_visible_to

CHILDREN_SHOWN = 200


@login_required
def unit_list(request):
    """Units in the user's reach: search by name (diacritics optional) or code, filter
    by kind and by subtree (``within``), in tree order, paginated."""
    visible = units_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    within = _unit_or_none(visible, params.key(request.GET, "within"))
    units = visible.search(q).with_parent()
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    if within is not None:
        units = units.subtree_of(within)
    page = Paginator(units.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    _label(page)
    return render(
        request,
        "units/unit_list.html",
        {"page": page, "kinds": UnitKind.choices, "kind": kind, "q": q, "within": within},
    )


def _label(units) -> None:
    """Kind and level labels looked up once per page: get_FOO_display() rebuilds and
    hashes the translated choices on every call, a third of the page's time."""
    kinds, levels = dict(UnitKind.choices), dict(UnitLevel.choices)
    for unit in units:
        unit.kind_label = kinds.get(unit.kind, unit.kind)
        unit.level_label = levels.get(unit.level, unit.level)


def _unit_or_none(units, pk: int | None):
    return units.filter(pk=pk).first() if pk else None


@login_required
def unit_detail(request, pk: int):
    unit = get_object_in_reach_or_404(Unit.objects.all(), request.user, "units.view", pk=pk)
    children = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": Unit.objects.ancestors_of(unit).exclude(pk=unit.pk),
            "children": children.order_by("name")[:CHILDREN_SHOWN],
            "more_children": unit.numchild > CHILDREN_SHOWN,
            "members": (
                unit_memberships(unit=unit)
                if can(request.user, "accounts.view_members", unit)
                else None
            ),
        },
    )

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.units.enums import UnitKind
from apps.units.models import Unit
from apps.units.permissions import units_visible_to


@login_required
def unit_list(request):
    units = units_visible_to(request.user).search(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    page = Paginator(units.order_by("path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "units/unit_list.html",
        {"page": page, "kinds": UnitKind.choices, "kind": kind, "q": request.GET.get("q", "")},
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_in_reach_or_404(Unit.objects.all(), request.user, "units.view", pk=pk)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": Unit.objects.ancestors_of(unit).exclude(pk=unit.pk),
            "children": Unit.objects.filter(
                path__startswith=unit.path, depth=unit.depth + 1
            ).order_by("name")[:200],
        },
    )

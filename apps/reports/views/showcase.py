from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps.brightspots.enums import BrightSpotKind
from apps.reports.forms import ShowcaseFilterForm
from apps.reports.selectors.showcase import (
    SHOWCASE_PER_PAGE,
    showcase_page,
    showcase_places,
    showcase_years,
)


@require_GET
@cache_control(max_age=300)
def showcase(request):
    """Public page (no login): recognised bright spots their units chose to show, for
    spreading good practice (tuyên truyền, nhân rộng). The data is cached on the
    server until it changes; see ``showcase_page``."""
    places = showcase_places()
    form = ShowcaseFilterForm(request.GET or None, years=showcase_years(), places=places)
    filters = form.filters() if request.GET else {}
    place_pk = filters.pop("place", None)
    place = next((p for p in places if p.pk == place_pk), None)
    data = showcase_page(**filters, place=place, page=request.GET.get("page") or 1)
    page = Paginator(range(data["count"]), SHOWCASE_PER_PAGE).get_page(data["number"])
    return render(
        request,
        "reports/showcase.html",
        {"form": form, "items": data["items"], "page": page, "kinds": dict(BrightSpotKind.choices)},
    )

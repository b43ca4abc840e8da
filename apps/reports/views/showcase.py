from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps.core import params
from apps.cycles.process import kind_choices
from apps.reports.forms import ShowcaseFilterForm
from apps.reports.selectors.showcase import (
    SHOWCASE_PER_PAGE,
    showcase_choices,
    showcase_page,
    showcase_version,
)


@require_GET
@cache_control(max_age=300)
def showcase(request):
    """Public page (no login): recognised bright spots their units chose to show, for
    spreading good practice (tuyên truyền, nhân rộng). Pages are cached on the server
    until the data changes (see apps.reports.selectors.showcase)."""
    version = showcase_version()
    choices = showcase_choices(version=version)
    form = ShowcaseFilterForm(request.GET or None, **choices)
    filters = form.filters() if request.GET else {}
    paths = {pk: path for pk, _name, _depth, path in choices["places"]}
    place_path = paths.get(filters.pop("place", None), "")
    data = showcase_page(
        version=version, **filters, place_path=place_path, page=params.page(request.GET)
    )
    page = Paginator(range(data["count"]), SHOWCASE_PER_PAGE).get_page(data["number"])
    return render(
        request,
        "reports/showcase.html",
        {"form": form, "items": data["items"], "page": page, "kinds": dict(kind_choices())},
    )

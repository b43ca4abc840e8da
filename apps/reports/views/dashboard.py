from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.core import params
from apps.core.downloads import download_name, pdf_response, xlsx_response
from apps.core.pdf import render_pdf
from apps.cycles.process import process_of
from apps.cycles.selectors import local_today, open_cycle_year
from apps.reports.charts import bar_chart
from apps.reports.exports import summary_columns, summary_workbook
from apps.reports.selectors.dashboard import Dashboard, dashboard
from apps.reports.selectors.documents import summary_document
from apps.reports.selectors.figures import subtree_rows, totals
from apps.reports.views.common import chosen_cycle, chosen_unit, reachable_ancestors


@login_required
@require_GET
def dashboard_view(request):
    """Counts, minimum, lateness, recognitions and trend for a unit subtree and year."""
    unit = chosen_unit(request, "reports.view_dashboard")
    year = params.year(request.GET) or open_cycle_year(unit=unit, today=local_today())
    cycle, cycles = chosen_cycle(unit, year)
    context = {
        "unit": unit,
        "cycle": cycle,
        "cycles": cycles,
        "ancestors": reachable_ancestors(request.user, unit, "reports.view_dashboard"),
        "can_summary": can(request.user, "reports.view_summary", unit),
    }
    if cycle is not None:
        today = local_today()
        missing_page = params.page(request.GET, "missing_page")
        # The figures are computed only when the template's fragment cache misses:
        # the same subtree, year, page and day share them for DASHBOARD_CACHE_SECONDS.
        board = SimpleLazyObject(
            lambda: dashboard(
                unit=unit, cycle=cycle, today=today, missing_page=missing_page, cycles=cycles
            )
        )
        context.update(
            board=board,
            charts=SimpleLazyObject(lambda: _charts(board)),
            kind_table=SimpleLazyObject(lambda: _kind_table(board)),
            statuses=BrightSpotStatus.choices,
            figures_seconds=settings.DASHBOARD_CACHE_SECONDS,
            figures_key=f"{unit.pk}:{cycle.pk}:{missing_page}:{today.isoformat()}",
        )
    return render(request, "reports/dashboard.html", context)


def _kind_table(board: Dashboard) -> list:
    return [
        (label, [board.by_kind[kind][status] for status in BrightSpotStatus.values])
        for kind, label in board.kinds
    ]


def _charts(board: Dashboard) -> dict:
    kinds = [kind for kind, _label in board.kinds]
    labels = [label for _kind, label in board.kinds]
    total = board.total
    return {
        "kinds": bar_chart(
            title=_("Bright spots by kind"),
            categories=labels,
            series=[
                (_("Registered"), [total.kinds.get(k, 0) for k in kinds]),
                (_("Recognised"), [board.by_kind[k][BrightSpotStatus.RECOGNISED] for k in kinds]),
            ],
        ),
        "minimum": bar_chart(
            title=_("Units and the yearly minimum"),
            categories=[_("Meeting the minimum"), _("Missing it")],
            series=[(_("Units"), [total.meeting, total.missing])],
        ),
        "recognitions": bar_chart(
            title=_("Recognitions by level"),
            categories=[str(label) for _level, label, _n in board.recognitions],
            series=[(_("Certificates"), [n for _level, _label, n in board.recognitions])],
        ),
        "trend": bar_chart(
            title=_("Trend over the years"),
            categories=[str(row["year"]) for row in board.trend],
            series=[
                (label, [row["kinds"][i] for row in board.trend]) for i, label in enumerate(labels)
            ]
            + [(_("Recognised"), [row["recognised"] for row in board.trend])],
        ),
    }


def _summary_context(request, *, lazy: bool = False) -> dict:
    """The summary's scope and figures; ``lazy``: the figures (rows, total) are worked
    out only when a template reads them (a cached fragment that hits never does)."""
    unit = chosen_unit(request, "reports.view_summary")
    year = params.year(request.GET) or open_cycle_year(unit=unit, today=local_today())
    cycle, cycles = chosen_cycle(unit, year)
    kinds = process_of(cycle=cycle).choices() if cycle else []

    def figures():
        return subtree_rows(unit=unit, cycle=cycle) if cycle else []

    rows = SimpleLazyObject(figures) if lazy else figures()
    codes = tuple(code for code, _name in kinds)
    return {
        "unit": unit,
        "cycle": cycle,
        "cycles": cycles,
        "rows": rows,
        "kinds": kinds,
        "total": SimpleLazyObject(lambda: totals(rows, codes)) if lazy else totals(rows, codes),
        "columns": summary_columns(kinds),
        "today": local_today(),
        "ancestors": reachable_ancestors(request.user, unit, "reports.view_summary"),
    }


@login_required
@require_GET
def summary_view(request):
    """The province (or subtree) summary for the Standing Committee, printable. Like the
    dashboard's, its figures are a fragment shared for DASHBOARD_CACHE_SECONDS by the
    same subtree, year and day: computed only when the fragment is missing."""
    context = _summary_context(request, lazy=True)
    cycle = context["cycle"]
    context.update(
        figures_seconds=settings.DASHBOARD_CACHE_SECONDS,
        figures_key=f"{context['unit'].pk}:{cycle.pk if cycle else ''}:{context['today']}",
    )
    return render(request, "reports/summary.html", context)


@login_required
@require_GET
def summary_xlsx(request):
    context = _summary_context(request)
    year = context["cycle"].year if context["cycle"] else ""
    title = _("Bright spots %(year)s: %(unit)s") % {"year": year, "unit": context["unit"].name}
    body = summary_workbook(
        title=title,
        columns=context["columns"],
        rows=[row.as_dict() for row in context["rows"]],
        total={**context["total"].as_dict(), "name": _("Total")},
    )
    return xlsx_response(
        body, download_name("Tổng hợp điểm sáng", year, context["unit"].name, extension="xlsx")
    )


@login_required
@require_GET
def summary_pdf(request):
    context = _summary_context(request)
    context["document"] = summary_document(
        unit=context["unit"], cycle=context["cycle"], today=context["today"]
    )
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reports/pdf/summary.html", context, request=request)
    pdf = render_pdf(html)
    year = context["cycle"].year if context["cycle"] else ""
    return pdf_response(
        pdf, download_name("Tổng hợp điểm sáng", year, context["unit"].name, extension="pdf")
    )

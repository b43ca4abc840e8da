from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import can, get_object_in_reach_or_404, require
from apps.brightspots.enums import BrightSpotStatus
from apps.core import params
from apps.core.downloads import download_name, pdf_response
from apps.core.pdf import render_pdf
from apps.core.steps import run_service, take_step
from apps.core.workflow import steps_by_verb
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.process import process_of
from apps.cycles.selectors import cycle_for, deadline_status, local_today, open_cycle_year
from apps.reports.enums import ReviewReportStatus
from apps.reports.forms import ReviewReportForm
from apps.reports.models import ReviewReport
from apps.reports.selectors.documents import review_report_document
from apps.reports.selectors.review import (
    own_units,
    reports_of,
    review_report_figures,
    review_reports_for,
)
from apps.reports.services import review_report_save, review_report_start, review_report_submit
from apps.reports.workflow import REVIEW_REPORT_WORKFLOW
from apps.units.models import Unit


@login_required
@require_GET
def review_list(request):
    """The user's own units' reports for the year, then every report they may open."""
    mine = own_units(request.user)
    year = params.year(request.GET) or (
        open_cycle_year(unit=mine[0], today=local_today()) if mine else local_today().year
    )
    cycles = {
        c.province.path: c
        for c in Cycle.objects.filter(
            province__path__in={u.path[: u.steplen] for u in mine}, year=year
        ).select_related("province")
    }
    found = reports_of(mine, [c.pk for c in cycles.values()])
    own_rows = []
    for unit in mine:
        cycle = cycles.get(unit.path[: unit.steplen])
        own_rows.append((unit, cycle, found.get((unit.pk, cycle.pk)) if cycle else None))
    reports = _filtered(review_reports_for(request.user), request.GET)
    page = Paginator(reports.order_by("-cycle__year", "unit__path"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/reviewreport_list.html",
        {
            "year": year,
            "own_rows": own_rows,
            "page": page,
            "statuses": ReviewReportStatus.choices,
            "filters": request.GET,
        },
    )


def _filtered(reports, query):
    if query.get("status") in ReviewReportStatus.values:
        reports = reports.filter(status=query["status"])
    if year := params.year(query):
        reports = reports.filter(cycle__year=year)
    text = params.text(query)
    if text:
        reports = reports.filter(unit__name__unaccent__icontains=text)
    return reports


@login_required
@require_POST
def review_start(request):
    unit = get_object_in_reach_or_404(
        Unit.objects.all(),
        request.user,
        "reports.start_review_report",
        pk=params.key(request.POST, "unit"),
    )
    year = params.year(request.POST)
    cycle = cycle_for(unit=unit, year=year) if year else None
    if cycle is None:
        raise Http404
    report = review_report_start(unit=unit, cycle=cycle, by=request.user)
    return redirect(report)


def _report(request, pk: int) -> ReviewReport:
    return get_object_in_reach_or_404(
        ReviewReport.objects.select_related("unit", "cycle", "submitted_by"),
        request.user,
        "reports.view_review_report",
        pk=pk,
    )


def _detail_context(request, report: ReviewReport, form=None) -> dict:
    figures = (
        report.figures
        if report.is_submitted
        else review_report_figures(unit=report.unit, cycle=report.cycle)
    )
    can_edit = can(request.user, "reports.edit_review_report", report)
    return {
        "report": report,
        "figures": figures,
        "kinds": dict(process_of(cycle=report.cycle).choices()),
        "statuses": dict(BrightSpotStatus.choices),
        "deadline": deadline_status(
            cycle=report.cycle, unit=report.unit, kind=DeadlineKind.REVIEW_REPORT
        ),
        "form": form or (ReviewReportForm(instance=report) if can_edit else None),
        "steps": steps_by_verb(REVIEW_REPORT_WORKFLOW, report, user=request.user),
    }


@login_required
@require_GET
def review_detail(request, pk: int):
    report = _report(request, pk)
    return render(request, "reports/reviewreport_detail.html", _detail_context(request, report))


@login_required
@require_POST
def review_edit(request, pk: int):
    report = _report(request, pk)
    if not can(request.user, "reports.edit_review_report", report):
        raise Http404
    form = ReviewReportForm(request.POST, instance=report)
    if form.is_valid():
        run_service(
            request,
            review_report_save,
            done=_("The report was saved."),
            report=report,
            **form.cleaned_data,
        )
        return redirect(report)
    context = _detail_context(request, report, form=form)
    return render(request, "reports/reviewreport_detail.html", context, status=400)


@login_required
@require_POST
def review_submit(request, pk: int):
    """The leader's button; anyone else may not submit and gets a 404."""
    report = _report(request, pk)
    require(request.user, REVIEW_REPORT_WORKFLOW.step("submit").rule, report)
    return take_step(
        request,
        report,
        workflow=REVIEW_REPORT_WORKFLOW,
        verb="submit",
        service=review_report_submit,
        report=report,
    )


@login_required
@require_GET
def review_print(request, pk: int):
    report = _report(request, pk)
    return render(request, "reports/reviewreport_print.html", _print_context(request, report))


@login_required
@require_GET
def review_pdf(request, pk: int):
    report = _report(request, pk)
    context = _print_context(request, report)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reports/pdf/reviewreport.html", context, request=request)
    filename = download_name("Báo cáo sơ kết", report.cycle.year, report.unit.name, extension="pdf")
    return pdf_response(render_pdf(html), filename)


def _print_context(request, report) -> dict:
    context = _detail_context(request, report)
    context["today"] = local_today()
    context["document"] = review_report_document(report=report)
    return context

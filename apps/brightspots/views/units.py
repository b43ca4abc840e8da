"""A unit's year: its bright spots, registration list, minimum, directive and the
subordinate units; sending, exporting and printing the list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import can, get_object_in_reach_or_404
from apps.brightspots import services
from apps.brightspots.enums import COUNTED_STATUSES, BrightSpotStatus, RegistrationListStatus
from apps.brightspots.exports import export_rows, write_xlsx
from apps.brightspots.forms import DirectiveForm, SendListForm
from apps.brightspots.models import Directive, RegistrationList
from apps.brightspots.selectors import (
    KindCounts,
    routings_of,
    spots_for_print,
    subordinate_rows,
    unit_year_spots,
)
from apps.brightspots.views.common import chosen_year, xlsx_response
from apps.brightspots.workflow import HISTORY_LABELS, LIST_WORKFLOW, drafting_refusal
from apps.core import documents, params
from apps.core.downloads import download_name, pdf_response
from apps.core.pdf import render_pdf
from apps.core.selectors import labelled_history
from apps.core.steps import run_service
from apps.core.workflow import refusal
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.process import process_of
from apps.cycles.selectors import (
    cycle_for,
    deadline_status,
    local_today,
    open_cycle,
)
from apps.units.models import Unit

CHILDREN_PER_PAGE = 50


@login_required
@require_GET
def unit_year(request, unit_pk: int):
    unit = get_object_in_reach_or_404(
        Unit.objects.all(), request.user, "brightspots.view_unit", pk=unit_pk
    )
    cycles = list(Cycle.objects.filter(province__path=unit.path[: unit.steplen]))
    opened = open_cycle(cycles, today=local_today())
    year = params.year(request.GET, default=opened.year if opened else local_today().year)
    cycle = next((c for c in cycles if c.year == year), None)
    context = {"unit": unit, "year": year, "cycle": cycle, "years": [c.year for c in cycles]}
    if cycle is not None:
        context |= _year_context(request, unit, cycle)
    return render(request, "brightspots/unit_year.html", context)


def _year_context(request, unit, cycle) -> dict:
    user = request.user
    registration_list = (
        RegistrationList.objects.filter(unit=unit, cycle=cycle).select_related("sent_by").first()
    )
    spots = list(unit_year_spots(unit=unit, cycle=cycle))
    counts = KindCounts(process_of(cycle=cycle), unit.kind)
    for spot in spots:
        if spot.status in COUNTED_STATUSES:
            counts.counts[spot.kind] = counts.of(spot.kind) + 1
    may_draft = can(user, "brightspots.create", unit)
    drafting_closed = may_draft and drafting_refusal(unit=unit, cycle=cycle)
    rows = subordinate_rows(unit=unit, cycle=cycle)
    return {
        "registration_list": registration_list,
        "routings": routings_of(registration_list=registration_list),
        "spots": spots,
        "counts": counts,
        "minimum_kind_names": [counts.process.label(k) for k in counts.process.minimum_kinds],
        "deadline": deadline_status(cycle=cycle, unit=unit, kind=DeadlineKind.REGISTRATION),
        "directive": Directive.objects.filter(unit=unit, cycle=cycle).first(),
        "children": Paginator(rows, CHILDREN_PER_PAGE).get_page(request.GET.get("page")),
        "children_summary": _children_summary(rows),
        "may_create": may_draft and not drafting_closed,
        "drafting_closed": drafting_closed,
        "may_send": bool(registration_list)
        and can(user, "brightspots.send_list", registration_list)
        and LIST_WORKFLOW.step("send").target(registration_list.status) is not None,
        "send_refusal": registration_list
        and refusal(LIST_WORKFLOW, registration_list, user=user, verb="send"),
        "may_direct": can(user, "brightspots.record_directive", unit),
        "history": labelled_history(
            target=registration_list, choices=RegistrationListStatus, actions=HISTORY_LABELS
        )
        if registration_list
        else [],
        "send_form": SendListForm(),
    }


def _children_summary(rows) -> dict:
    return {
        "total": len(rows),
        "meeting_minimum": sum(row.counts.meets_minimum for row in rows),
        "sent": sum(bool(row.registration_list and row.registration_list.sent_at) for row in rows),
        "directed": sum(row.directive is not None for row in rows),
    }


@login_required
@require_POST
def registration_send(request, pk: int):
    registration_list = get_object_in_reach_or_404(
        RegistrationList.objects.select_related("unit", "cycle"),
        request.user,
        "brightspots.send_list",
        pk=pk,
    )
    form = SendListForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(registration_list)
    outcome = run_service(
        request,
        services.registration_list_send,
        done=_("The registration list was sent to the boards."),
        registration_list=registration_list,
    )
    if outcome.ok and outcome.value.is_late:
        messages.warning(request, _("The list was sent late, under an extension."))
    return redirect(registration_list)


def _list_for_reading(request, pk):
    return get_object_in_reach_or_404(
        RegistrationList.objects.select_related("unit", "cycle", "sent_by"),
        request.user,
        "brightspots.view_list",
        pk=pk,
    )


def _list_spots(registration_list):
    spots = registration_list.bright_spots.exclude(status=BrightSpotStatus.WITHDRAWN)
    return spots.order_by("kind", "name")


def _list_title(registration_list) -> str:
    return _("Registration list of bright spots %(year)s — %(unit)s") % {
        "year": registration_list.cycle.year,
        "unit": registration_list.unit.name,
    }


def _list_filename(registration_list, extension: str) -> str:
    return download_name(
        "Danh sách đăng ký",
        registration_list.cycle.year,
        registration_list.unit.name,
        extension=extension,
    )


@login_required
@require_GET
def registration_export(request, pk: int):
    registration_list = _list_for_reading(request, pk)
    rows = export_rows(_list_spots(registration_list))
    return xlsx_response(
        lambda stream: write_xlsx(rows, stream, title=_list_title(registration_list)),
        filename=_list_filename(registration_list, "xlsx"),
    )


@login_required
@require_GET
def registration_print(request, pk: int):
    """The list as the document the unit sends (Nghị định 30/2020 layout, Vietnamese)."""
    registration_list = _list_for_reading(request, pk)
    return render(
        request, "brightspots/registrationlist_print.html", _list_document(registration_list)
    )


@login_required
@require_GET
def registration_pdf(request, pk: int):
    registration_list = _list_for_reading(request, pk)
    context = _list_document(registration_list)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("documents/pdf/registrationlist.html", context, request=request)
    return pdf_response(render_pdf(html), _list_filename(registration_list, "pdf"))


def _list_document(registration_list) -> dict:
    """The list's page context and its formal parts: sent to the boards of its routings
    (their "via" and copy units too), dated the day it was sent."""
    unit = registration_list.unit
    sent_on = timezone.localdate(registration_list.sent_at) if registration_list.sent_at else None
    recipients = []
    with translation.override(settings.LANGUAGE_CODE):
        for routing in routings_of(registration_list=registration_list):
            board = routing.board.name
            if routing.via:
                board = _("%(board)s (through %(via)s)") % {"board": board, "via": routing.via}
            recipients += [board, routing.copy_to.name if routing.copy_to else ""]
        subject = _("Registration of bright spots to build in %(year)s") % {
            "year": registration_list.cycle.year
        }
    return {
        "title": _list_title(registration_list),
        "registration_list": registration_list,
        "spots": spots_for_print(_list_spots(registration_list)),
        "document": {
            "language": settings.LANGUAGE_CODE,
            "head": documents.document_head(unit, "DS", on=sent_on),
            "doc_type": "DANH SÁCH",
            "subject": documents.document_subject(subject, documents.document_form(unit)),
            "foot": documents.document_foot(unit, recipients, signer=registration_list.sent_by),
        },
    }


@login_required
def directive_edit(request, unit_pk: int):
    unit = get_object_in_reach_or_404(
        Unit.objects.all(), request.user, "brightspots.record_directive", pk=unit_pk
    )
    cycle = cycle_for(unit=unit, year=chosen_year(request, unit))
    if cycle is None:
        messages.error(request, _("No yearly cycle has been set up for that year."))
        return redirect("brightspots:unit_year", unit.pk)
    instance = Directive.objects.filter(unit=unit, cycle=cycle).first()
    form = DirectiveForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.directive_record,
            form=form,
            done=_("The directive was recorded."),
            unit=unit,
            cycle=cycle,
            **form.cleaned_data,
        )
        if outcome.ok:
            return redirect(f"{_unit_url(unit)}?year={cycle.year}")
    return render(
        request, "brightspots/directive_form.html", {"unit": unit, "cycle": cycle, "form": form}
    )


def _unit_url(unit) -> str:
    return reverse("brightspots:unit_year", args=[unit.pk])

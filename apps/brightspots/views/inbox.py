"""The boards' inbox: what was routed to them, acknowledging or returning it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.enums import BOARD_ROLES
from apps.accounts.permissions import can, get_object_in_reach_or_404, memberships, require
from apps.brightspots import services
from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.brightspots.exports import export_rows, write_xlsx
from apps.brightspots.forms import AcknowledgeForm, InboxFilterForm, ReturnForm
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.selectors import (
    filter_routings,
    spots_for_print,
    spots_of_routings,
    with_spot_counts,
    year_cycles,
    year_filter,
)
from apps.brightspots.views.common import xlsx_response
from apps.brightspots.workflow import HISTORY_LABELS
from apps.core.downloads import download_name
from apps.core.pagination import COUNT_BOUND, PAGE_SIZE, page_by_keys
from apps.core.selectors import labelled_history
from apps.core.steps import run_service
from apps.cycles.selectors import local_today


def _filtered(request):
    require(request.user, "brightspots.inbox")
    data = request.GET.copy()
    years, open_year = year_filter(user=request.user, today=local_today())
    data.setdefault("year", str(open_year))
    form = InboxFilterForm(data, years=years, user=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    cycles = year_cycles(request.user, filters.pop("year", None))
    routings = RegistrationRouting.objects.received_by(request.user, cycles=cycles)
    return form, filter_routings(routings, **filters)


@login_required
@require_GET
def inbox(request):
    """What was routed to the user's boards. People without a board seat follow the
    menu link here too: they are sent to the bright spots of their own units."""
    if not can(request.user, "brightspots.inbox"):
        return redirect("brightspots:list")
    form, routings = _filtered(request)
    page = page_by_keys(
        routings.order_by("-sent_at", "-id"),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        rows=with_spot_counts(RegistrationRouting.objects.inbox_rows()),
        bound=COUNT_BOUND,
    )
    return render(request, "brightspots/routing_inbox.html", {"form": form, "page": page})


def _inbox_title() -> str:
    return _("Bright spots registered with the board")


@login_required
@require_GET
def inbox_export(request):
    form, routings = _filtered(request)
    rows = export_rows(spots_of_routings(routings))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    boards = {m.unit.name for m in memberships(request.user) if m.role in BOARD_ROLES}
    board = boards.pop() if len(boards) == 1 else ""
    return xlsx_response(
        lambda stream: write_xlsx(rows, stream, title=_inbox_title()),
        filename=download_name(
            "Điểm sáng đăng ký với Ban", year or "tất cả các năm", board, extension="xlsx"
        ),
    )


@login_required
@require_GET
def inbox_print(request):
    _form, routings = _filtered(request)
    return render(
        request,
        "brightspots/registrationlist_print.html",
        {"title": _inbox_title(), "spots": spots_for_print(spots_of_routings(routings))},
    )


def _routing(request, pk, action, queryset=None):
    """The routing, 404 outside the user's reach, refused without ``action``; with what
    its page shows, unless ``queryset`` says less (a POST that only redirects)."""
    queryset = RegistrationRouting.objects.for_inbox() if queryset is None else queryset
    return get_object_in_reach_or_404(queryset, request.user, action, pk=pk)


def _render_routing(request, routing, *, acknowledge_form=None, return_form=None):
    spots = routing.registration_list.bright_spots.filter(kind=routing.kind).exclude(
        status=BrightSpotStatus.WITHDRAWN
    )
    may_answer = routing.status == RoutingStatus.PENDING and can(
        request.user, "brightspots.answer_routing", routing
    )
    return render(
        request,
        "brightspots/routing_detail.html",
        {
            "routing": routing,
            "spots": spots_for_print(spots).order_by("name"),
            "history": labelled_history(
                target=routing, choices=RoutingStatus, actions=HISTORY_LABELS
            ),
            "may_answer": may_answer,
            "acknowledge_form": acknowledge_form or AcknowledgeForm(),
            "return_form": return_form or ReturnForm(),
        },
    )


@login_required
@require_GET
def routing_detail(request, pk: int):
    return _render_routing(request, _routing(request, pk, "brightspots.view_routing"))


@login_required
@require_POST
def routing_acknowledge(request, pk: int):
    # The rule reads the board and the office; the service locks its own rows and the
    # answer redirects, so the page's five joins are not read here.
    answering = RegistrationRouting.objects.select_related("board", "via")
    routing = _routing(request, pk, "brightspots.answer_routing", answering)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.routing_acknowledge,
            done=_("Acknowledged; the unit has been told."),
            routing=routing,
            comment=form.cleaned_data["comment"],
        )
    return redirect(routing)


@login_required
@require_POST
def routing_return(request, pk: int):
    routing = _routing(request, pk, "brightspots.answer_routing")
    form = ReturnForm(request.POST)
    if form.is_valid():
        outcome = run_service(
            request,
            services.routing_return,
            form=form,
            done=_("Returned to the unit with your comment."),
            routing=routing,
            comment=form.cleaned_data["comment"],
        )
        if outcome.ok:
            return redirect(routing)
    return _render_routing(request, routing, return_form=form)

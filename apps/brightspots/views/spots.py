"""A bright spot: the list, its page, drafting and editing, withdrawal, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.enums import UNIT_STAFF
from apps.accounts.permissions import can, get_object_in_reach_or_404, memberships, require
from apps.brightspots import services
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.exports import export_rows, write_xlsx
from apps.brightspots.forms import (
    BrightSpotForm,
    ProgressForm,
    SpotFilterForm,
    WithdrawForm,
    activity_formset,
)
from apps.brightspots.models import BrightSpot, ProgressAttachment, RegistrationRouting
from apps.brightspots.selectors import (
    YEAR_ORDER,
    bright_spots_for_detail,
    filter_bright_spots,
    year_cycles,
    year_filter,
)
from apps.brightspots.views.common import chosen_year, xlsx_response
from apps.brightspots.workflow import (
    HISTORY_LABELS,
    SPOT_WORKFLOW,
    drafting_refusal,
    edit_refusal,
    progress_refusal,
)
from apps.core import params
from apps.core.downloads import download_name
from apps.core.pagination import COUNT_BOUND, PAGE_SIZE, page_by_keys
from apps.core.selectors import labelled_history
from apps.core.steps import run_service
from apps.core.workflow import refusal
from apps.cycles.selectors import cycle_for, local_today
from apps.units.models import Unit
from apps.units.permissions import unit_in_reach_or_404


def _filtered(request):
    """The visible spots narrowed by the list's filters, with the filter form and the
    years it offers."""
    data = request.GET.copy()
    years, open_year = year_filter(user=request.user, today=local_today())
    data.setdefault("year", str(open_year))
    form = SpotFilterForm(data, years=years, user=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    filters["unit"] = unit_in_reach_or_404(request.user, params.key(request.GET, "unit"))
    cycles = year_cycles(request.user, filters.pop("year", None))
    visible = BrightSpot.objects.visible_to(request.user, cycles=cycles)
    spots, subtree = filter_bright_spots(visible, **filters)
    if cycles is not None:  # one year: in the order of the (cycle, unit_path) index
        spots = spots.order_by(*YEAR_ORDER)
    return form, spots, subtree, years


@login_required
@require_GET
def bright_spot_list(request):
    form, spots, subtree, years = _filtered(request)
    # All years: the list sorts newest year first, so a page is read a year at a time,
    # each in the order of the (cycle, unit_path) index.
    all_years = form.is_valid() and not form.cleaned_data.get("year")
    partitions = None
    if all_years:
        partitions = [
            spots.filter(cycle__in=year_cycles(request.user, year)).order_by(*YEAR_ORDER)
            for year in years
        ]
    page = page_by_keys(
        spots,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        rows=BrightSpot.objects.for_list(),
        bound=COUNT_BOUND,
        partitions=partitions,
    )
    own_units = sorted({m.unit for m in memberships(request.user) if m.role in UNIT_STAFF}, key=str)
    return render(
        request,
        "brightspots/brightspot_list.html",
        {"form": form, "page": page, "subtree": subtree, "own_units": own_units},
    )


@login_required
@require_GET
def bright_spot_list_export(request):
    form, spots, subtree, _years = _filtered(request)
    rows = export_rows(spots)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return xlsx_response(
        lambda stream: write_xlsx(rows, stream, title=_("Registered bright spots")),
        filename=download_name(
            "Điểm sáng đăng ký",
            year or "tất cả các năm",
            subtree and subtree.name,
            extension="xlsx",
        ),
    )


@login_required
@require_GET
def bright_spot_detail(request, pk: int):
    spot = get_object_in_reach_or_404(
        bright_spots_for_detail(), request.user, "brightspots.view", pk=pk
    )
    routing = (
        RegistrationRouting.objects.filter(
            registration_list_id=spot.registration_list_id, kind=spot.kind
        )
        .select_related("board", "via", "copy_to")
        .first()
    )
    user = request.user
    return render(
        request,
        "brightspots/brightspot_detail.html",
        {
            "spot": spot,
            "routing": routing,
            "history": labelled_history(
                target=spot, choices=BrightSpotStatus, actions=HISTORY_LABELS
            ),
            "may_edit": can(user, "brightspots.edit", spot) and not edit_refusal(spot),
            "may_withdraw": can(user, "brightspots.withdraw", spot)
            and not refusal(SPOT_WORKFLOW, spot, user=user, verb="withdraw"),
            "may_report": can(user, "brightspots.update_progress", spot)
            and not progress_refusal(spot),
        },
    )


def _render_form(request, *, form, formset, unit, cycle, spot=None):
    return render(
        request,
        "brightspots/brightspot_form.html",
        {"form": form, "formset": formset, "unit": unit, "cycle": cycle, "spot": spot},
    )


@login_required
def bright_spot_create(request, unit_pk: int):
    unit = get_object_in_reach_or_404(
        Unit.objects.all(), request.user, "brightspots.create", pk=unit_pk
    )
    cycle = cycle_for(unit=unit, year=chosen_year(request, unit))
    if cycle is None:
        messages.error(request, _("No yearly cycle has been set up for that year."))
        return redirect("brightspots:unit_year", unit.pk)
    closed = drafting_refusal(unit=unit, cycle=cycle)
    if closed:
        return render(
            request,
            "brightspots/brightspot_closed.html",
            {"unit": unit, "cycle": cycle, "reason": closed},
        )
    form = BrightSpotForm(
        request.POST or None,
        unit=unit,
        cycle=cycle,
        user=request.user,
        initial={"officer": request.user},
    )
    formset = activity_formset(request.POST or None, period=services.plan_period(cycle))
    if request.method == "POST" and _both_valid(form, formset):
        outcome = run_service(
            request,
            services.bright_spot_create,
            form=form,
            done=_("The bright spot was saved as a draft."),
            unit=unit,
            cycle=cycle,
            fields=form.cleaned_data,
            activities=formset.activities(),
        )
        if outcome.ok:
            return redirect(outcome.value)
    return _render_form(request, form=form, formset=formset, unit=unit, cycle=cycle)


def _both_valid(form, formset) -> bool:
    form_ok = form.is_valid()
    return formset.is_valid() and form_ok


@login_required
def bright_spot_edit(request, pk: int):
    spot = get_object_in_reach_or_404(
        bright_spots_for_detail(), request.user, "brightspots.view", pk=pk
    )
    require(request.user, "brightspots.edit", spot)
    refused = edit_refusal(spot)
    if refused:
        messages.error(request, refused)
        return redirect(spot)
    form = BrightSpotForm(
        request.POST or None, instance=spot, unit=spot.unit, cycle=spot.cycle, user=request.user
    )
    formset = activity_formset(
        request.POST or None, period=services.plan_period(spot.cycle), spot=spot
    )
    if request.method == "POST" and _both_valid(form, formset):
        outcome = run_service(
            request,
            services.bright_spot_update,
            form=form,
            done=_("The changes were saved."),
            bright_spot=spot,
            fields=form.cleaned_data,
            activities=formset.activities(),
        )
        if outcome.ok:
            return redirect(spot)
    return _render_form(
        request, form=form, formset=formset, unit=spot.unit, cycle=spot.cycle, spot=spot
    )


@login_required
def bright_spot_withdraw(request, pk: int):
    spot = get_object_in_reach_or_404(
        bright_spots_for_detail(), request.user, "brightspots.view", pk=pk
    )
    require(request.user, "brightspots.withdraw", spot)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.bright_spot_withdraw,
            form=form,
            done=SPOT_WORKFLOW.step("withdraw").done,
            bright_spot=spot,
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            return redirect(spot)
    return render(request, "brightspots/brightspot_withdraw.html", {"spot": spot, "form": form})


@login_required
def progress_create(request, pk: int):
    spot = get_object_in_reach_or_404(
        bright_spots_for_detail(), request.user, "brightspots.view", pk=pk
    )
    require(request.user, "brightspots.update_progress", spot)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.progress_update_submit,
            form=form,
            done=_("The progress update was recorded."),
            bright_spot=spot,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
        if outcome.ok:
            return redirect(spot)
    elif request.method == "GET" and (refused := progress_refusal(spot)):
        messages.error(request, refused)
        return redirect(spot)
    return render(request, "brightspots/progressupdate_form.html", {"spot": spot, "form": form})


@login_required
@require_GET
def attachment_download(request, pk: int):
    """Only people who may see the bright spot get its files; others get a 404."""
    attachment = (
        ProgressAttachment.objects.select_related("update__bright_spot__unit").filter(pk=pk).first()
    )
    if attachment is None:
        raise Http404
    require(request.user, "brightspots.view", attachment.update.bright_spot)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)

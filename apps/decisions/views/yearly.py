"""Pages of the yearly commendation: a commune or an agency records that it praised
(biểu dương) or rewarded (khen thưởng) its effective bright spots of the year."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.permissions import can, get_object_in_reach_or_404
from apps.brightspots.models import BrightSpot
from apps.core import params
from apps.core.steps import run_service
from apps.cycles.selectors import cycle_for, local_today
from apps.decisions import selectors
from apps.decisions.forms import (
    YearlyCommendationCancelForm,
    YearlyCommendationRecordForm,
    YearlyIndividualFormSet,
)
from apps.decisions.models import YearlyCommendation
from apps.decisions.permissions import yearly_commendations_visible_to
from apps.decisions.services.commendations import (
    Person,
    yearly_commendation_cancel,
    yearly_commendation_record,
)
from apps.units.models import Unit
from apps.units.permissions import unit_in_reach_or_404

PER_PAGE = 25


def _commendation_or_404(user, pk: int) -> YearlyCommendation:
    return get_object_in_reach_or_404(
        YearlyCommendation.objects.select_related("unit", "cycle", "created_by", "cancelled_by"),
        user,
        "decisions.view_yearly_commendation",
        pk=pk,
    )


@login_required
@require_GET
def yearly_list(request):
    """The yearly commendations the user sees, by unit (subtree), year and bright spot."""
    unit = unit_in_reach_or_404(request.user, params.key(request.GET, "unit"))
    spot_pk = params.key(request.GET, "spot")
    spot = None
    if spot_pk is not None:
        spot = get_object_in_reach_or_404(
            BrightSpot.objects.select_related("unit", "cycle"),
            request.user,
            "brightspots.view",
            pk=spot_pk,
        )
    year = params.year(request.GET)
    visible = yearly_commendations_visible_to(request.user)
    rows = selectors.yearly_commendation_rows(visible, unit=unit, year=year, spot=spot)
    return render(
        request,
        "decisions/yearlycommendation_list.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(params.page(request.GET)),
            "unit": unit,
            "spot": spot,
            "year": year,
            "years": selectors.yearly_commendation_years(visible),
            "own_units": selectors.local_commender_units(request.user),
            "this_year": local_today().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def yearly_create(request, unit_pk: int):
    """Record one praise or reward of the unit's bright spots of ``?year=`` under one
    document (asked to confirm before saving)."""
    unit = get_object_in_reach_or_404(
        Unit.objects.all(), request.user, "decisions.record_yearly_commendation", pk=unit_pk
    )
    year = params.year(request.GET, default=local_today().year)
    cycle = cycle_for(unit=unit, year=year)
    context = {"unit": unit, "year": year, "cycle": cycle, "years": selectors.cycle_years(unit)}
    if cycle is None:  # the page then offers the years that have a cycle
        return render(request, "decisions/yearlycommendation_form.html", context)
    units = selectors.local_honoree_units(unit)
    form = YearlyCommendationRecordForm(
        request.POST or None,
        spots=selectors.yearly_commendable_spots(unit=unit, cycle=cycle),
        units=units,
        people_named=any(
            request.POST.get(f"people-{n}-full_name", "").strip()
            for n in range(YearlyIndividualFormSet.max_num)
        ),
        initial={"token": uuid.uuid4()},
    )
    # A form sent without the rows of individuals (an older page) names none.
    sent_people = request.method == "POST" and "people-TOTAL_FORMS" in request.POST
    people = YearlyIndividualFormSet(
        request.POST if sent_people else None, prefix="people", form_kwargs={"units": units}
    )
    if request.method == "POST" and form.is_valid() and (not sent_people or people.is_valid()):
        outcome = run_service(
            request,
            yearly_commendation_record,
            form=form,
            unit=unit,
            cycle=cycle,
            individuals=_people(people) if sent_people else [],
            **form.cleaned_data,
        )
        if outcome.ok:
            messages.success(request, _("The commendation was recorded."))
            return redirect(outcome.value)
    return render(
        request,
        "decisions/yearlycommendation_form.html",
        {**context, "form": form, "people": people},
    )


def _people(formset) -> list[Person]:
    """The individuals typed in the rows that are not left empty; a row with a name
    but no unit or position goes to the service, which says what is missing."""
    return [
        Person(row["full_name"], row.get("unit"), row["position"])
        for row in formset.cleaned_data
        if row and (row.get("full_name") or row.get("position") or row.get("unit"))
    ]


@login_required
@require_GET
def yearly_detail(request, pk: int):
    commendation = _commendation_or_404(request.user, pk)
    return render(
        request,
        "decisions/yearlycommendation_detail.html",
        {
            "commendation": commendation,
            "spots": commendation.bright_spots.select_related("unit").order_by(
                "unit__path", "name"
            ),
            "honorees": commendation.honorees.select_related("unit").order_by(
                "kind", "unit__path", "name_key"
            ),
            "cancel_form": YearlyCommendationCancelForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def yearly_cancel(request, pk: int):
    """Cancel a wrong record, with its reason; back to the record."""
    commendation = _commendation_or_404(request.user, pk)
    if not can(request.user, "decisions.record_yearly_commendation", commendation.unit):
        raise Http404
    form = YearlyCommendationCancelForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            yearly_commendation_cancel,
            done=_("The record was cancelled."),
            commendation=commendation,
            reason=form.cleaned_data["reason"],
        )
    else:
        messages.error(request, _("Say why this record is cancelled."))
    return redirect(commendation)

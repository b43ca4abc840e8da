"""Pages of the periodic commendation proposals: bright spots, collectives and
individuals proposed to the council, the decision recorded per row, the conference
record of a level and period, and the printable list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.permissions import can, get_object_in_reach_or_404
from apps.core import params
from apps.core.downloads import download_name, xlsx_response
from apps.core.steps import run_service
from apps.core.workflow import steps_by_verb
from apps.decisions import selectors, services
from apps.decisions.exports import proposal_xlsx
from apps.decisions.forms import (
    ConferenceForm,
    HonoreeCollectiveForm,
    HonoreeIndividualForm,
    ProposalCreateForm,
    ProposalDecisionForm,
    ProposalSelectForm,
    ProposalSendForm,
)
from apps.decisions.models import (
    Certificate,
    CommendationPeriod,
    CommendationProposal,
    Honoree,
)
from apps.decisions.permissions import proposals_visible_to
from apps.decisions.services.commendations import (
    conference_save,
    proposal_add_collective,
    proposal_add_individual,
    proposal_remove_honoree,
)
from apps.decisions.workflow import PROPOSAL_WORKFLOW
from apps.units.models import Unit


def _proposal_or_404(user, action: str, pk: int) -> CommendationProposal:
    return get_object_in_reach_or_404(
        CommendationProposal.objects.select_related("unit", "council", "period"),
        user,
        action,
        pk=pk,
    )


def _proposing_levels(user):
    """The levels ``user`` proposes for in some period, with their kinds."""
    return selectors.proposing_levels(user, CommendationPeriod.objects.select_related("province"))


def _honoree_or_404(user, proposal_pk: int, pk: int) -> Honoree:
    """A collective or individual of a proposal the user edits."""
    proposal = _proposal_or_404(user, "decisions.edit_proposal", proposal_pk)
    honoree = proposal.honorees.filter(pk=pk).select_related("unit").first()
    if honoree is None:
        raise Http404
    honoree.proposal = proposal
    return honoree


@login_required
@require_GET
def proposal_list(request):
    proposals = (
        proposals_visible_to(request.user)
        .select_related("unit", "council", "period")
        .order_by("-period__start_year", "unit__path", "kind")
    )
    page = Paginator(proposals, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/proposal_list.html",
        {"page": page, "may_start": bool(_proposing_levels(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    levels = _proposing_levels(request.user)
    if not levels:
        raise Http404
    form = ProposalCreateForm(
        request.POST or None,
        levels=levels,
        periods=selectors.periods_of_levels(levels),
        initial={"period": selectors.default_period(next(iter(levels)))},
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, services.proposal_create, form=form, **form.cleaned_data)
        if outcome.ok:
            return redirect("decisions:commendation_select", pk=outcome.value.pk)
    return render(request, "decisions/proposal_create.html", {"form": form})


@login_required
@require_GET
def proposal_detail(request, pk: int):
    proposal = _proposal_or_404(request.user, "decisions.view_proposal", pk)
    return render(
        request,
        "decisions/proposal_detail.html",
        {
            "proposal": proposal,
            "items": selectors.proposal_items(proposal),
            "honorees": selectors.proposal_honorees(proposal),
            "conference": selectors.conference_of(proposal.unit, proposal.period),
            "send_form": ProposalSendForm(),
            "steps": steps_by_verb(PROPOSAL_WORKFLOW, proposal, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_select(request, pk: int):
    """Tick the recognised bright spots of the period to propose; each shows how many
    yearly commendations it received."""
    proposal = _proposal_or_404(request.user, "decisions.edit_proposal", pk)
    chosen = list(proposal.items.values_list("certificate_id", flat=True))
    open_ones = selectors.commendation_candidates(proposal=proposal).values("pk")
    candidates = selectors.with_yearly_commendations(
        Certificate.objects.filter(Q(pk__in=chosen) | Q(pk__in=open_ones))
        .select_related("decision")
        .order_by("year", "bright_spot__unit__path", "holder_name")
    )
    form = ProposalSelectForm(
        request.POST or None, queryset=candidates, initial={"certificates": chosen}
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.proposal_select,
            form=form,
            proposal=proposal,
            certificate_ids=[c.pk for c in form.cleaned_data["certificates"]],
        )
        if outcome.ok:
            count = outcome.value
            messages.success(request, _("%(count)s bright spots selected.") % {"count": count})
            return redirect(proposal)
    return render(request, "decisions/proposal_select.html", {"proposal": proposal, "form": form})


@login_required
@require_http_methods(["POST"])
def proposal_send(request, pk: int):
    """Send the selection under the board's letter (its number and date)."""
    step = PROPOSAL_WORKFLOW.step("propose")
    proposal = _proposal_or_404(request.user, step.rule, pk)
    form = ProposalSendForm(request.POST)
    if form.is_valid():
        run_service(
            request, services.proposal_send, done=step.done, proposal=proposal, **form.cleaned_data
        )
    else:
        messages.error(request, _("Give the number and date of the proposal letter."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_record(request, pk: int):
    """Record the commendation decision that answered the proposal."""
    step = PROPOSAL_WORKFLOW.step("record_decision")
    proposal = _proposal_or_404(request.user, step.rule, pk)
    form = ProposalDecisionForm(
        request.POST or None,
        items=proposal.items.select_related("certificate__decision"),
        honorees=selectors.proposal_honorees(proposal),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request,
            services.proposal_record_decision,
            form=form,
            done=step.done,
            proposal=proposal,
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_title=data["signer_title"],
            commended_ids=[item.pk for item in data["commended"]],
            commended_honoree_ids=[h.pk for h in data.get("commended_honorees", [])],
            award=data["award"],
        )
        if outcome.ok:
            return redirect(proposal)
    return render(request, "decisions/proposal_record.html", {"proposal": proposal, "form": form})


@login_required
@require_GET
def proposal_export(request, pk: int):
    proposal = _proposal_or_404(request.user, "decisions.view_proposal", pk)
    name = download_name(
        "Đề nghị biểu dương",
        f"{proposal.period.start_year}-{proposal.period.end_year}",
        proposal.unit.name,
        proposal.pk,
        extension="xlsx",
    )
    return xlsx_response(proposal_xlsx(proposal), name)


# --- collectives and individuals ----------------------------------------------------------


def _people_page(request, proposal, *, collective=None, individual=None, status=200):
    """The collectives and individuals of ``proposal``, with the search of a unit of
    the level (``?q=``) and the two forms to add one (bound after a refused POST)."""
    text = params.text(request.GET, "q") if request.method == "GET" else ""
    units = selectors.honoree_units(proposal.unit, text)
    may_edit = can(request.user, "decisions.edit_proposal", proposal)
    return render(
        request,
        "decisions/commendation_people.html",
        {
            "proposal": proposal,
            "honorees": selectors.proposal_honorees(proposal),
            "may_edit": may_edit,
            "q": text,
            "units": units,
            "collective_form": collective or HonoreeCollectiveForm(units=units),
            "individual_form": individual or HonoreeIndividualForm(units=units),
        },
        status=status,
    )


@login_required
@require_GET
def proposal_people(request, pk: int):
    """The collectives and individuals proposed, and (while a draft) adding them."""
    proposal = _proposal_or_404(request.user, "decisions.view_proposal", pk)
    return _people_page(request, proposal)


@login_required
@require_http_methods(["POST"])
def proposal_add_collective_view(request, pk: int):
    proposal = _proposal_or_404(request.user, "decisions.edit_proposal", pk)
    form = HonoreeCollectiveForm(request.POST, units=[])
    if form.is_valid():
        outcome = run_service(
            request,
            proposal_add_collective,
            form=form,
            done=_("The collective was added."),
            proposal=proposal,
            **form.cleaned_data,
        )
        if outcome.ok:
            return redirect("decisions:commendation_people", pk=proposal.pk)
    _keep_chosen_unit(form)
    return _people_page(request, proposal, collective=form)


@login_required
@require_http_methods(["POST"])
def proposal_add_individual_view(request, pk: int):
    proposal = _proposal_or_404(request.user, "decisions.edit_proposal", pk)
    form = HonoreeIndividualForm(request.POST, units=[])
    if form.is_valid():
        outcome = run_service(
            request,
            proposal_add_individual,
            form=form,
            done=_("The individual was added."),
            proposal=proposal,
            **form.cleaned_data,
        )
        if outcome.ok:
            return redirect("decisions:commendation_people", pk=proposal.pk)
    _keep_chosen_unit(form)
    return _people_page(request, proposal, individual=form)


def _keep_chosen_unit(form) -> None:
    """A refused form shows the unit that was chosen among its choices."""
    unit = form.cleaned_data.get("unit") if hasattr(form, "cleaned_data") else None
    if unit is not None:
        form.fields["unit"].widget.choices = [("", "—"), (unit.pk, unit.name)]


@login_required
@require_http_methods(["POST"])
def proposal_remove_honoree_view(request, pk: int, honoree_pk: int):
    honoree = _honoree_or_404(request.user, pk, honoree_pk)
    run_service(
        request, proposal_remove_honoree, done=_("Removed from the proposal."), honoree=honoree
    )
    return redirect("decisions:commendation_people", pk=pk)


# --- the conference record ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conference(request, unit_pk: int, period_pk: int):
    """The record of the level's commendation conference of the period: shown to its
    readers, recorded or corrected by its proposers until the level's decision."""
    level = get_object_in_reach_or_404(
        Unit.objects.all(), request.user, "decisions.view_conference", pk=unit_pk
    )
    period = selectors.periods_for(level).filter(pk=period_pk).first()
    if period is None:
        raise Http404
    record = selectors.conference_of(level, period)
    decided = selectors.level_decided(level, period)
    may_edit = can(request.user, "decisions.record_conference", level) and not decided
    if request.method == "POST" and not may_edit:
        raise Http404
    form = ConferenceForm(request.POST or None, instance=record) if may_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            conference_save,
            form=form,
            done=_("The conference record was saved."),
            unit=level,
            period=period,
            **form.cleaned_data,
        )
        if outcome.ok:
            return redirect(outcome.value)
    return render(
        request,
        "decisions/commendation_conference.html",
        {"level": level, "period": period, "record": record, "form": form, "decided": decided},
    )


# --- print -------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_print(request, pk: int):
    """The proposal's list laid out for printing (the browser's print to paper or PDF)."""
    proposal = _proposal_or_404(request.user, "decisions.view_proposal", pk)
    honorees = list(selectors.proposal_honorees(proposal))
    return render(
        request,
        "decisions/commendation_print.html",
        {
            "proposal": proposal,
            "items": selectors.proposal_items(proposal),
            "collectives": [h for h in honorees if not h.is_individual],
            "individuals": [h for h in honorees if h.is_individual],
        },
    )

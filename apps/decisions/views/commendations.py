"""Pages of the five-yearly commendation proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.permissions import get_object_in_reach_or_404
from apps.core.downloads import download_name, xlsx_response
from apps.core.steps import run_service
from apps.core.workflow import steps_by_verb
from apps.decisions import selectors, services
from apps.decisions.exports import proposal_xlsx
from apps.decisions.forms import (
    ProposalCreateForm,
    ProposalDecisionForm,
    ProposalSelectForm,
    ProposalSendForm,
)
from apps.decisions.models import Certificate, CommendationPeriod, CommendationProposal
from apps.decisions.permissions import proposals_visible_to
from apps.decisions.workflow import PROPOSAL_WORKFLOW


def _proposal_or_404(user, action: str, pk: int) -> CommendationProposal:
    return get_object_in_reach_or_404(
        CommendationProposal.objects.select_related("unit", "council", "period"),
        user,
        action,
        pk=pk,
    )


def _proposing_levels(user):
    """The levels ``user`` proposes for in some period, with their kinds."""
    return selectors.proposing_levels(user, CommendationPeriod.objects.all())


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
        initial={"period": selectors.default_period()},
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
        request.POST or None, items=proposal.items.select_related("certificate__decision")
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

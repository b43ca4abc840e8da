"""Pages of recognition decisions: list, draft, edit, issue, revoke, PDFs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.permissions import can, get_object_in_reach_or_404, require
from apps.core.downloads import pdf_response
from apps.core.pagination import PAGE_SIZE
from apps.core.steps import run_service
from apps.core.workflow import steps_by_verb
from apps.decisions import pdf, selectors, services
from apps.decisions.enums import DecisionStatus
from apps.decisions.forms import BrightSpotsForm, DecisionForm, IssueForm, RevokeForm
from apps.decisions.models import Certificate, Decision, DecisionItem
from apps.decisions.permissions import decisions_visible_to
from apps.decisions.views.common import decision_or_404
from apps.decisions.wording import guidance_reference_missing
from apps.decisions.workflow import DECISION_WORKFLOW
from apps.units.models import Unit

ITEMS_PAGE_SIZE = 100


@login_required
@require_GET
def decision_list(request):
    decisions = decisions_visible_to(request.user).for_list().search(request.GET.get("q"))
    status = request.GET.get("status", "")
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    authorities = [
        (unit, selectors.recognisable_bright_spots(authority=unit).count())
        for unit in selectors.authorities_of(request.user)
    ]
    return render(
        request,
        "decisions/decision_list.html",
        {
            "page": page,
            "statuses": DecisionStatus.choices,
            "status": status,
            "q": request.GET.get("q", ""),
            "authorities": authorities,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, authority_pk: int):
    """Choose the proposed bright spots a new draft decision recognises."""
    authority = get_object_or_404(Unit, pk=authority_pk)
    require(request.user, "decisions.create", authority)
    queryset = selectors.recognisable_bright_spots(authority=authority)
    form = BrightSpotsForm(request.POST or None, queryset=queryset)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.decision_create,
            form=form,
            done=_("Draft decision created. Check its text, then issue it."),
            authority=authority,
            bright_spots=form.cleaned_data["bright_spots"],
        )
        if outcome.ok:
            return redirect("decisions:edit", pk=outcome.value.pk)
    return render(
        request,
        "decisions/decision_create.html",
        {"authority": authority, "form": form, "count": queryset.count()},
    )


@login_required
@require_GET
def decision_detail(request, pk: int):
    decision = decision_or_404(request.user, "decisions.view", pk)
    items = selectors.decision_items(decision).prefetch_related(
        Prefetch(
            "bright_spot__certificates",
            queryset=Certificate.objects.filter(decision=decision),
            to_attr="decision_certificates",
        )
    )
    page = Paginator(items, ITEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, _certificate_of(item), _may_view(request.user, item, decision)) for item in page]
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "page": page,
            "rows": rows,
            "issue_form": IssueForm(),
            "steps": steps_by_verb(DECISION_WORKFLOW, decision, user=request.user),
            "print_job": selectors.latest_print_job(decision),
            "guidance_missing": _guidance_missing(decision),
        },
    )


def _certificate_of(item: DecisionItem):
    found = item.bright_spot.decision_certificates
    return found[0] if found else None


def _may_view(user, item: DecisionItem, decision: Decision) -> bool:
    certificate = _certificate_of(item)
    if certificate is None:
        return False
    certificate.decision = decision
    return can(user, "decisions.view_certificate", certificate)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    decision = decision_or_404(request.user, "decisions.edit", pk)
    form = DecisionForm(request.POST or None, instance=Decision.objects.get(pk=decision.pk))
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}
        outcome = run_service(
            request,
            services.decision_update,
            form=form,
            done=_("The draft was saved."),
            decision=decision,
            values=values,
        )
        if outcome.ok:
            return redirect(decision)
    return render(
        request,
        "decisions/decision_edit.html",
        {"decision": decision, "form": form, "guidance_missing": _guidance_missing(decision)},
    )


def _guidance_missing(decision: Decision) -> bool:
    """A draft whose province has not set the guidance it cites (the line is blank)."""
    return decision.is_draft and guidance_reference_missing(decision.authority)


@login_required
@require_http_methods(["GET", "POST"])
def decision_bright_spots(request, pk: int):
    """Add or remove bright spots of a draft (Article 1)."""
    decision = decision_or_404(request.user, "decisions.edit", pk)
    queryset = selectors.recognisable_bright_spots(authority=decision.authority, decision=decision)
    initial = {"bright_spots": list(decision.items.values_list("bright_spot_id", flat=True))}
    form = BrightSpotsForm(request.POST or None, queryset=queryset, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.decision_set_bright_spots,
            form=form,
            done=_("The list of bright spots was saved."),
            decision=decision,
            bright_spots=form.cleaned_data["bright_spots"],
        )
        if outcome.ok:
            return redirect(decision)
    return render(
        request, "decisions/decision_bright_spots.html", {"decision": decision, "form": form}
    )


@login_required
@require_POST
def decision_issue(request, pk: int):
    """Issue the draft once its signing is confirmed (the confirmation box)."""
    step = DECISION_WORKFLOW.step("issue")
    decision = decision_or_404(request.user, step.rule, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to issue the decision."))
        return redirect(decision)
    run_service(request, services.decision_issue, done=step.done, decision=decision)
    return redirect(decision)


@login_required
@require_http_methods(["GET", "POST"])
def decision_revoke(request, pk: int):
    """The reason and the confirmation, then the revocation."""
    step = DECISION_WORKFLOW.step("revoke")
    decision = decision_or_404(request.user, step.rule, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.decision_revoke,
            form=form,
            done=step.done,
            decision=decision,
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            return redirect(decision)
    return render(request, "decisions/decision_revoke.html", {"decision": decision, "form": form})


@login_required
@require_POST
def decision_delete(request, pk: int):
    decision = decision_or_404(request.user, "decisions.edit", pk)
    outcome = run_service(
        request, services.decision_delete, done=_("The draft was deleted."), decision=decision
    )
    return redirect("decisions:list") if outcome.ok else redirect(decision)


def pdf_name(prefix: str, decision: Decision, suffix: str = "") -> str:
    """An ASCII file name, e.g. quyet-dinh-05-qd-ubnd-2026.pdf."""
    return f"{prefix}-{decision.file_label}-{decision.year}{suffix}.pdf"


@login_required
@require_GET
def decision_pdf(request, pk: int):
    decision = decision_or_404(request.user, "decisions.view", pk)
    if decision.imported:  # a paper decision: the portal has no text of it to print
        raise Http404
    return pdf_response(pdf.decision_pdf(decision), pdf_name("quyet-dinh", decision))


@login_required
@require_GET
def certificate_pdf(request, pk: int):
    """One certificate, rendered on request."""
    certificate = get_object_in_reach_or_404(
        Certificate.objects.select_related("decision__authority", "bright_spot__unit"),
        request.user,
        "decisions.view_certificate",
        pk=pk,
    )
    if certificate.decision.status == DecisionStatus.DRAFT or certificate.decision.imported:
        raise Http404
    return pdf_response(
        pdf.certificate_pdf(certificate),
        pdf_name("giay-cong-nhan", certificate.decision, f"-{certificate.serial:03d}"),
    )

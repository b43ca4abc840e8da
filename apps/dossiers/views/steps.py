"""The workflow buttons (one URL name per verb, one view) and single-dossier grants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.steps import run_service, take_step
from apps.dossiers.forms import GrantForm
from apps.dossiers.selectors import grantable_appraisers, granted_appraisers
from apps.dossiers.services import (
    dossier_decline,
    dossier_fail,
    dossier_grant_appraiser,
    dossier_pass,
    dossier_pass_override,
    dossier_propose,
    dossier_return,
    dossier_revoke_appraiser,
    dossier_start_appraisal,
    dossier_submit,
    dossier_withdraw,
)
from apps.dossiers.views.common import dossier_or_404
from apps.dossiers.workflow import DOSSIER_WORKFLOW

SERVICES = {
    "submit": dossier_submit,
    "start_appraisal": dossier_start_appraisal,
    "return": dossier_return,
    "pass": dossier_pass,
    "pass_override": dossier_pass_override,
    "fail": dossier_fail,
    "propose": dossier_propose,
    "decline": dossier_decline,
    "withdraw": dossier_withdraw,
}


@login_required
@require_POST
def step(request, pk: int, verb: str):
    """Take one workflow step; a refusal comes back as a message on the dossier."""
    dossier = dossier_or_404(request, pk, DOSSIER_WORKFLOW.step(verb).rule)
    return take_step(
        request,
        dossier,
        workflow=DOSSIER_WORKFLOW,
        verb=verb,
        service=SERVICES[verb],
        dossier=dossier,
    )


@login_required
@require_http_methods(["GET", "POST"])
def grants(request, pk: int):
    """Appraisers granted this one dossier, and the form to grant another."""
    dossier = dossier_or_404(request, pk, "dossiers.grant")
    form = GrantForm(
        request.POST if request.method == "POST" else None,
        appraisers=grantable_appraisers(dossier=dossier),
    )
    if request.method == "POST" and form.is_valid():
        appraiser = form.cleaned_data["appraiser"]
        outcome = run_service(
            request,
            dossier_grant_appraiser,
            form=form,
            done=_("%(name)s may now appraise this dossier.") % {"name": appraiser},
            dossier=dossier,
            appraiser=appraiser,
        )
        if outcome.ok:
            return redirect("dossiers:grants", pk=dossier.pk)
    return render(
        request,
        "dossiers/dossier_grants.html",
        {"dossier": dossier, "form": form, "granted": granted_appraisers(dossier=dossier)},
    )


@login_required
@require_POST
def revoke(request, pk: int, user_pk: int):
    dossier = dossier_or_404(request, pk, "dossiers.grant")
    # Only an existing grant can be revoked: any other user id is a 404, so the page
    # never names people it did not grant (nor writes an audit row for nothing).
    appraiser = next((u for u in granted_appraisers(dossier=dossier) if u.pk == user_pk), None)
    if appraiser is None:
        raise Http404
    dossier_revoke_appraiser(dossier=dossier, appraiser=appraiser, by=request.user)
    messages.success(request, _("The grant of %(name)s was removed.") % {"name": appraiser})
    return redirect("dossiers:grants", pk=dossier.pk)

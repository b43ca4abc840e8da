"""The workflow buttons (one URL name per verb, one view) and single-dossier grants."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.dossiers.forms import GrantForm, ReasonForm
from apps.dossiers.selectors import grantable_appraisers, granted_appraisers
from apps.dossiers.services import (
    STEPS,
    DossierRefused,
    dossier_decline,
    dossier_fail,
    dossier_grant_appraiser,
    dossier_pass,
    dossier_propose,
    dossier_return,
    dossier_revoke_appraiser,
    dossier_start_appraisal,
    dossier_submit,
    dossier_withdraw,
)
from apps.dossiers.views.common import dossier_or_404, flash_refusal
from apps.dossiers.views.pages import REASONS

SERVICES = {
    "submit": dossier_submit,
    "start_appraisal": dossier_start_appraisal,
    "return": dossier_return,
    "pass": dossier_pass,
    "fail": dossier_fail,
    "propose": dossier_propose,
    "decline": dossier_decline,
    "withdraw": dossier_withdraw,
}
DONE = {
    "submit": gettext_lazy("The dossier was submitted for appraisal."),
    "start_appraisal": gettext_lazy("The appraisal has started."),
    "return": gettext_lazy("The dossier was returned to its unit for revision."),
    "pass": gettext_lazy("The appraisal concluded: passed."),
    "fail": gettext_lazy("The appraisal concluded: failed."),
    "propose": gettext_lazy("The bright spot was proposed for recognition."),
    "decline": gettext_lazy("The dossier was declined."),
    "withdraw": gettext_lazy("The dossier was withdrawn."),
}


@login_required
@require_POST
def step(request, pk: int, verb: str):
    """Take one workflow step; a refusal comes back as a message on the dossier."""
    dossier = dossier_or_404(request, pk, STEPS[verb].rule)
    kwargs = {}
    if verb in REASONS:
        form = ReasonForm(request.POST, required=REASONS[verb])
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(dossier)
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        SERVICES[verb](dossier=dossier, by=request.user, **kwargs)
    except DossierRefused as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, DONE[verb])
    return redirect(dossier)


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
        try:
            dossier_grant_appraiser(dossier=dossier, appraiser=appraiser, by=request.user)
        except DossierRefused as exc:
            form.add_error("appraiser", exc)
        else:
            messages.success(
                request,
                _("%(name)s may now appraise this dossier.") % {"name": appraiser},
            )
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
    appraiser = get_object_or_404(get_user_model(), pk=user_pk)
    dossier_revoke_appraiser(dossier=dossier, appraiser=appraiser, by=request.user)
    messages.success(request, _("The grant of %(name)s was removed.") % {"name": appraiser})
    return redirect("dossiers:grants", pk=dossier.pk)

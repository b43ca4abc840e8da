"""Editing the dossier's three parts. Each form carries the lock version it was loaded
with; a save after someone else's is refused beside the form, keeping what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.steps import run_service
from apps.cycles.selectors import process_rules
from apps.dossiers.enums import EDITABLE, DossierStatus
from apps.dossiers.forms import AppraisalForm, AssessmentForm, FindingForm, LetterForm, SectionsForm
from apps.dossiers.models import Attachment
from apps.dossiers.selectors import (
    assessments_of,
    general_attachments,
    letter_issuing_units,
    letter_scan,
)
from apps.dossiers.services import (
    dossier_remove_attachment,
    dossier_save,
    dossier_save_appraisal,
    dossier_save_letter,
)
from apps.dossiers.views.common import dossier_or_404
from apps.dossiers.workflow import letter_issuer_refusal


def _not_now(request, dossier):
    messages.info(
        request,
        _("This dossier is “%(status)s”: that part cannot be changed now.")
        % {"status": dossier.get_status_display()},
    )
    return redirect(dossier)


def _posted(request) -> tuple:
    """(data, files) to bind forms with on POST, (None, None) on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _criterion_forms(form_class, request, rows, fields: tuple[str, str, str]):
    data, files = _posted(request)
    return [
        form_class(data, files, assessment=row, initial={f: getattr(row, f) for f in fields})
        for row in rows
    ]


def _all_valid(*forms) -> bool:
    return all([form.is_valid() for form in forms])  # every form validated: all errors shown


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """The unit's achievement summary: self-assessment per criterion, the free
    sections and evidence files, saved together."""
    dossier = dossier_or_404(request, pk, "dossiers.edit")
    if dossier.status not in EDITABLE:
        return _not_now(request, dossier)
    rows = list(assessments_of(dossier=dossier))
    initial = {s: text for s, _label, text in dossier.sections()}
    sections = SectionsForm(
        *_posted(request),
        initial=initial | {"lock_version": dossier.lock_version},
    )
    criteria = _criterion_forms(AssessmentForm, request, rows, ("level", "score", "evidence"))
    if request.method == "POST" and _all_valid(sections, *criteria):
        files = [(f.assessment.pk, f.cleaned_data["file"]) for f in criteria]
        files = [(pk, upload) for pk, upload in files if upload]
        if sections.cleaned_data["file"]:
            files.append((None, sections.cleaned_data["file"]))
        outcome = run_service(
            request,
            dossier_save,
            form=sections,
            done=_("The self-assessment is saved."),
            dossier=dossier,
            expected_version=sections.cleaned_data["lock_version"],
            sections=sections.sections(),
            assessments={f.assessment.pk: f.values() for f in criteria},
            files=files,
        )
        if outcome.ok:
            return redirect("dossiers:edit", pk=dossier.pk)
    return render(
        request,
        "dossiers/dossier_form.html",
        {
            "dossier": dossier,
            "form": sections,
            "criteria": list(zip(rows, criteria, strict=True)),
            "attachments": list(general_attachments(dossier=dossier)),
        },
    )


@login_required
@require_POST
def remove_attachment(request, pk: int, attachment_pk: int):
    dossier = dossier_or_404(request, pk, "dossiers.edit")
    row = get_object_or_404(Attachment, pk=attachment_pk, dossier=dossier)
    outcome = run_service(
        request,
        dossier_remove_attachment,
        done=_("The file “%(name)s” was removed.") % {"name": row.name},
        attachment=row,
    )
    return redirect("dossiers:edit", pk=dossier.pk) if outcome.ok else redirect(dossier)


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request, pk: int):
    """The appraiser's finding per criterion beside the unit's, and comments."""
    dossier = dossier_or_404(request, pk, "dossiers.appraise")
    if dossier.status != DossierStatus.UNDER_APPRAISAL:
        return _not_now(request, dossier)
    rows = list(assessments_of(dossier=dossier))
    form = AppraisalForm(
        _posted(request)[0],
        initial={"comments": dossier.appraisal_comments, "lock_version": dossier.lock_version},
    )
    fields = ("finding_level", "finding_score", "finding_note")
    findings = _criterion_forms(FindingForm, request, rows, fields)
    if request.method == "POST" and _all_valid(form, *findings):
        outcome = run_service(
            request,
            dossier_save_appraisal,
            form=form,
            done=_("The appraisal is saved."),
            dossier=dossier,
            expected_version=form.cleaned_data["lock_version"],
            findings={f.assessment.pk: f.values() for f in findings},
            comments=form.cleaned_data["comments"],
        )
        if outcome.ok:
            return redirect(dossier)
    return render(
        request,
        "dossiers/dossier_appraisal_form.html",
        {"dossier": dossier, "form": form, "criteria": list(zip(rows, findings, strict=True))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter(request, pk: int):
    """The request letter (công văn đề nghị) and its signed scan."""
    dossier = dossier_or_404(request, pk, "dossiers.propose")
    if dossier.status != DossierStatus.PASSED:
        return _not_now(request, dossier)
    scan = letter_scan(dossier=dossier)
    initial = {
        name: getattr(dossier, name)
        for name in ("letter_number", "letter_date", "letter_signer", "letter_signer_title")
    }
    form = LetterForm(
        *_posted(request),
        issuing_units=letter_issuing_units(dossier=dossier),
        has_scan=scan is not None,
        scan_required=process_rules(cycle=dossier.bright_spot.cycle).letter_scan_required,
        issuer_error=letter_issuer_refusal(dossier),
        initial=initial
        | {
            "letter_issuer": dossier.letter_issuer,
            "letter_issuing_unit": dossier.letter_issuing_unit_id,
            "lock_version": dossier.lock_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            dossier_save_letter,
            form=form,
            done=_("The request letter is saved."),
            dossier=dossier,
            expected_version=form.cleaned_data["lock_version"],
            letter=form.letter(),
            scan=form.cleaned_data["scan"],
        )
        if outcome.ok:
            return redirect(dossier)
    return render(
        request,
        "dossiers/dossier_letter_form.html",
        {"dossier": dossier, "form": form, "scan": scan},
    )

"""Editing the dossier's three parts. Each form carries the lock version it was loaded
with; a save after someone else's is refused beside the form, keeping what was typed.

The two long forms (the self-assessment, the appraisal) also save one criterion at a
time: its button posts the whole page to the criterion's URL, which saves that
criterion only and sends the page back with every other field as typed, or, when
static/js/longform.js sends it in the background, answers with JSON."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.errorsummary import error_items
from apps.core.steps import Outcome, run_service
from apps.cycles.selectors import process_rules
from apps.dossiers.enums import EDITABLE, DossierStatus
from apps.dossiers.forms import (
    AppraisalForm,
    AssessmentForm,
    FindingForm,
    LetterForm,
    LockedForm,
    SectionsForm,
    typed_values,
)
from apps.dossiers.models import Attachment
from apps.dossiers.selectors import (
    active_attachments,
    assessment_of,
    assessments_of,
    general_attachments,
    letter_issuing_units,
    letter_scan,
)
from apps.dossiers.services import (
    dossier_remove_attachment,
    dossier_save,
    dossier_save_appraisal,
    dossier_save_criterion,
    dossier_save_finding,
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


def _criterion_forms(form_class, request, rows):
    data, files = _posted(request)
    return [form_class(data, files, assessment=row) for row in rows]


def _all_valid(*forms) -> bool:
    return all([form.is_valid() for form in forms])  # every form validated: all errors shown


def _long_form(rows, forms, saved: dict | None = None) -> dict:
    """The criteria blocks of a long form, each (row, form, "HH:MM" it was saved at
    or ""), and its progress line: how many criteria the page shows assessed."""
    saved = saved or {}
    return {
        "criteria": [
            (row, form, saved.get(row.pk, "")) for row, form in zip(rows, forms, strict=True)
        ],
        "progress": {"done": sum(form.is_assessed() for form in forms), "total": len(forms)},
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """The unit's achievement summary: self-assessment per criterion, the free
    sections and evidence files, saved together."""
    dossier = dossier_or_404(request, pk, "dossiers.edit")
    if dossier.status not in EDITABLE:
        return _not_now(request, dossier)
    rows = list(assessments_of(dossier=dossier))
    sections = SectionsForm(*_posted(request), initial=SectionsForm.stored(dossier))
    criteria = _criterion_forms(AssessmentForm, request, rows)
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
    return _edit_page(request, dossier, rows, sections, criteria)


def _edit_page(request, dossier, rows, sections, criteria, saved=None):
    return render(
        request,
        "dossiers/dossier_form.html",
        {
            "dossier": dossier,
            "form": sections,
            **_long_form(rows, criteria, saved),
            "attachments": list(general_attachments(dossier=dossier)),
        },
    )


# ---------------------------------------------------------------- one criterion at a time


def _wants_json(request) -> bool:
    """The page's script saving in the background asks for JSON."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _save_criterion(request, dossier, form, service, *, as_json: bool) -> Outcome:
    """Run ``service`` on the criterion of ``form`` with the page's lock version;
    a refusal lands on ``form``."""
    lock = LockedForm(request.POST)
    if not _all_valid(form, lock):
        if lock.errors:
            form.add_error(None, _("The form does not match this dossier."))
        return Outcome(ok=False)
    done = _("Criterion %(number)s is saved.") % {"number": form.assessment.criterion.number}
    upload = {"upload": form.cleaned_data["file"]} if "file" in form.fields else {}
    return run_service(
        request,
        service,
        form=form,
        done="" if as_json else done,
        dossier=dossier,
        expected_version=lock.cleaned_data["lock_version"],
        assessment=form.assessment,
        values=form.values(),
        **upload,
    )


def _criterion_answer(outcome: Outcome, form) -> JsonResponse:
    """The background save's answer: the page's new lock version and "Saved at HH:MM"
    (with the criterion's files when one was sent; the script keeps the list it shows
    otherwise), or the errors to show beside the criterion."""
    if not outcome.ok:
        errors = [item.text for item in error_items([form])]
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    saved = outcome.value
    answer = {
        "ok": True,
        "lock_version": saved.lock_version,
        "saved": _("Saved at %(time)s") % {"time": _saved_at(saved)},
    }
    if form.cleaned_data.get("file"):  # without a new file the list shown stands
        context = {
            "dossier": saved,
            "files": list(active_attachments().filter(assessment=form.assessment)),
        }
        answer["files"] = render_to_string("dossiers/includes/_criterion_files.html", context)
        answer["remove_forms"] = render_to_string("dossiers/includes/_remove_forms.html", context)
    return JsonResponse(answer)


def _saved_at(dossier) -> str:
    return timezone.localtime(dossier.updated_at).strftime("%H:%M")


def _as_typed(form_class, request, rows, *, keep):
    """The criteria forms showing what the page posted, unchecked, and ``keep`` (the
    saved or refused criterion's form) in its place."""
    return [
        keep
        if row.pk == keep.assessment.pk
        else form_class(
            assessment=row, initial=typed_values(form_class(request.POST, assessment=row))
        )
        for row in rows
    ]


def _criterion_post(request, pk, assessment_pk, *, rule, form_class, main_class, service, page):
    """The body of both "Save this criterion" views. Without JavaScript the page comes
    back (not a redirect, which would lose what was typed elsewhere): the saved
    criterion as stored, or refused with its errors; every other field as typed and
    unchecked; the new lock version when it saved, else the one posted (so another
    person's save stays protected)."""
    dossier = dossier_or_404(request, pk, rule)
    as_json = _wants_json(request)
    if as_json:  # the page's script: this criterion alone, its files only if one came
        row = assessment_of(dossier=dossier, pk=assessment_pk)
        if row is None:
            raise Http404
        form = form_class(request.POST, request.FILES, assessment=row)
        outcome = _save_criterion(request, dossier, form, service, as_json=True)
        return _criterion_answer(outcome, form)
    rows = list(assessments_of(dossier=dossier))
    row = next((row for row in rows if row.pk == assessment_pk), None)
    if row is None:
        raise Http404
    form = form_class(request.POST, request.FILES, assessment=row)
    outcome = _save_criterion(request, dossier, form, service, as_json=False)
    main = main_class.stored(dossier) | typed_values(main_class(request.POST))
    saved = {}
    if outcome.ok:
        dossier = outcome.value
        rows = list(assessments_of(dossier=dossier))  # with its new file
        row = next(row for row in rows if row.pk == assessment_pk)
        form = form_class(assessment=row)
        main["lock_version"] = dossier.lock_version
        saved[row.pk] = _saved_at(dossier)
    criteria = _as_typed(form_class, request, rows, keep=form)
    return page(request, dossier, rows, main_class(initial=main), criteria, saved)


@login_required
@require_POST
def edit_criterion(request, pk: int, assessment_pk: int):
    """One criterion of the self-assessment: level or score, evidence, a file."""
    return _criterion_post(
        request,
        pk,
        assessment_pk,
        rule="dossiers.edit",
        form_class=AssessmentForm,
        main_class=SectionsForm,
        service=dossier_save_criterion,
        page=_edit_page,
    )


@login_required
@require_POST
def appraisal_criterion(request, pk: int, assessment_pk: int):
    """The appraiser's finding on one criterion: level or score, note."""
    return _criterion_post(
        request,
        pk,
        assessment_pk,
        rule="dossiers.appraise",
        form_class=FindingForm,
        main_class=AppraisalForm,
        service=dossier_save_finding,
        page=_appraisal_page,
    )


# ---------------------------------------------------------------- files, appraisal, letter


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
    form = AppraisalForm(_posted(request)[0], initial=AppraisalForm.stored(dossier))
    findings = _criterion_forms(FindingForm, request, rows)
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
    return _appraisal_page(request, dossier, rows, form, findings)


def _appraisal_page(request, dossier, rows, form, findings, saved=None):
    return render(
        request,
        "dossiers/dossier_appraisal_form.html",
        {"dossier": dossier, "form": form, **_long_form(rows, findings, saved)},
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

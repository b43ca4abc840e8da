from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import AttachmentField
from apps.core.widgets import DateInput
from apps.cycles.process import kind_choices
from apps.dossiers.enums import DossierStatus, LetterIssuer, Level, Section
from apps.dossiers.selectors import WAITING

TEXT_MAX = 20_000
LEVEL_CHOICES = [("", _("— not assessed —")), *Level.choices]


def _text(label, *, required=False, rows=4, max_length=TEXT_MAX):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class LockedForm(forms.Form):
    """Carries the dossier's lock version as loaded, for optimistic locking."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    @classmethod
    def stored(cls, dossier) -> dict:
        """The initial values: what the dossier holds."""
        return {"lock_version": dossier.lock_version}


class SectionsForm(LockedForm):
    """The free sections of the achievement summary (báo cáo tóm tắt thành tích)."""

    how_done = _text(Section.HOW_DONE.label, rows=6)
    lessons = _text(Section.LESSONS.label)
    effect = _text(Section.EFFECT.label)
    spread = _text(Section.SPREAD.label)
    file = AttachmentField(label=_("Add a file for the dossier as a whole"), required=False)

    @classmethod
    def stored(cls, dossier) -> dict:
        return super().stored(dossier) | {s: text for s, _label, text in dossier.sections()}

    def sections(self) -> dict:
        return {s.value: self.cleaned_data[s.value] for s in Section}


def typed_values(form: forms.Form) -> dict:
    """What was posted in ``form``'s fields (files aside: a browser never shows one
    again; fields not posted aside), as initial values for an unbound copy: a page
    can then show what was typed in fields it did not save, without errors for them."""
    typed = {name: form[name].data for name in form.fields}
    return {
        name: value
        for name, value in typed.items()
        if value is not None and not isinstance(form.fields[name], forms.FileField)
    }


class _CriterionForm(forms.Form):
    """One criterion: a level (đạt tốt / đạt / chưa đạt), or a score up to the
    criterion's maximum when it has one, and a note; initially the row's values."""

    level_field = score_field = note_field = ""
    note_label = level_label = ""
    with_file = False

    def __init__(self, *args, assessment, **kwargs):
        kwargs.setdefault("prefix", f"c{assessment.pk}")
        names = (self.level_field, self.score_field, self.note_field)
        kwargs["initial"] = {f: getattr(assessment, f) for f in names} | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        # The error summary names the criterion: every row has the same field labels.
        self.error_summary_name = assessment.criterion.number
        max_score = assessment.criterion.max_score
        if max_score is None:
            self.fields[self.level_field] = forms.ChoiceField(
                label=self.level_label, choices=LEVEL_CHOICES, required=False
            )
        else:
            self.fields[self.score_field] = forms.DecimalField(
                label=_("Score (at most %(max)s)") % {"max": max_score},
                required=False,
                min_value=0,
                max_value=max_score,
                max_digits=6,
                decimal_places=2,
            )
        # The field the progress line counts (static/js/longform.js reads it live).
        self.fields[self.graded_field].widget.attrs["data-progress-field"] = True
        self.fields[self.note_field] = _text(self.note_label, rows=3)
        if self.with_file:
            self.fields["file"] = AttachmentField(label=_("Add a file"), required=False)

    @property
    def graded_field(self) -> str:
        """The level, or the score for a scored criterion."""
        return self.level_field if self.level_field in self.fields else self.score_field

    def is_assessed(self) -> bool:
        """A level chosen or a score given, as the page shows it (typed or stored)."""
        return str(self[self.graded_field].value() or "").strip() != ""

    def values(self) -> dict:
        return {
            self.level_field: self.cleaned_data.get(self.level_field, ""),
            self.score_field: self.cleaned_data.get(self.score_field),
            self.note_field: self.cleaned_data.get(self.note_field, ""),
        }


class AssessmentForm(_CriterionForm):
    level_field, score_field, note_field = "level", "score", "evidence"
    level_label = _("Level reached")
    note_label = _("Evidence (what was done, figures, documents)")
    with_file = True


class FindingForm(_CriterionForm):
    level_field, score_field, note_field = "finding_level", "finding_score", "finding_note"
    level_label = _("Appraiser's finding")
    note_label = _("Appraiser's note")


class AppraisalForm(LockedForm):
    comments = _text(_("Comments"), rows=5)

    @classmethod
    def stored(cls, dossier) -> dict:
        return super().stored(dossier) | {"comments": dossier.appraisal_comments}


class LetterForm(LockedForm):
    """The request letter (công văn đề nghị công nhận)."""

    letter_number = forms.CharField(label=_("Number"), max_length=64)
    letter_date = forms.DateField(label=_("Date"), widget=DateInput())
    letter_signer = forms.CharField(label=_("Signed by"), max_length=150)
    letter_signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False)
    letter_issuer = forms.ChoiceField(label=_("Issued by"), choices=LetterIssuer.choices)
    letter_issuing_unit = forms.ModelChoiceField(label=_("Issuing body"), queryset=None)
    scan = AttachmentField(label=_("Signed scan"), required=False)

    def __init__(
        self, *args, issuing_units, has_scan: bool, scan_required=True, issuer_error="", **kwargs
    ):
        """``issuer_error`` replaces Django's "select a valid choice" beside the issuing
        body; the scan is asked for while none is kept and the province requires it."""
        super().__init__(*args, **kwargs)
        self.fields["letter_issuing_unit"].queryset = issuing_units
        if issuer_error:
            self.fields["letter_issuing_unit"].error_messages["invalid_choice"] = issuer_error
        self.fields["scan"].required = scan_required and not has_scan

    def letter(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k.startswith("letter_")}


class GrantForm(forms.Form):
    appraiser = forms.ModelChoiceField(label=_("Appraiser"), queryset=None)

    def __init__(self, *args, appraisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraiser"].queryset = appraisers


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Bright spot or unit"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), (WAITING, _("Waiting for appraisal")), *DossierStatus.choices],
    )
    days = forms.IntegerField(
        label=_("Waiting at least (days)"), required=False, min_value=0, max_value=3650
    )
    unit = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every kind of the published processes: the queue spans provinces.
        self.fields["kind"].choices = [("", _("All")), *kind_choices(user=user)]

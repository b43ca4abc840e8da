from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.enums import UNIT_STAFF
from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.brightspots.models import BrightSpot, Directive
from apps.brightspots.selectors import criteria_sets_offered, default_criteria_set
from apps.brightspots.services import (
    EDITABLE_FIELDS,
    activity_date_errors,
    check_criteria_set_covers,
)
from apps.core.uploads import validate_upload
from apps.core.widgets import DateInput
from apps.cycles.process import kind_choices, process_of
from apps.cycles.selectors import local_today

MAX_FILES = 10


def officer_choices(*, unit, user):
    """The unit's officers and leaders, and the person filling in the form."""
    from apps.accounts.models import User, in_force_q

    people = (
        Q(memberships__unit=unit, memberships__role__in=UNIT_STAFF)
        & in_force_q(local_today(), "memberships")
    ) | Q(pk=user.pk)
    return User.objects.filter(people, is_active=True).distinct().order_by("full_name", "pk")


class BrightSpotForm(forms.ModelForm):
    """The bright spot and its plan (the activities are a formset beside it)."""

    class Meta:
        model = BrightSpot
        fields = EDITABLE_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"size": 80}),
            "address": forms.TextInput(attrs={"size": 80}),
            "field_of_work": forms.TextInput(attrs={"size": 60}),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("The guidance requires the bright spot's name.")},
            "address": {"required": _("The guidance requires a concrete address.")},
            "kind": {"required": _("Choose the kind of bright spot.")},
        }

    def __init__(self, *args, unit, cycle, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"),
            choices=[("", "---------"), *process_of(cycle=cycle).choices(unit.kind)],
            error_messages={"required": _("Choose the kind of bright spot.")},
        )
        self.fields["officer"].queryset = officer_choices(unit=unit, user=user)
        self.fields["officer"].required = True
        self.fields["officer"].error_messages["required"] = _(
            "Assign the officer in charge (cán bộ phụ trách)."
        )
        self.unit = unit
        field = self.fields["criteria_set"]
        field.queryset = criteria_sets_offered(unit=unit, current_pk=self.instance.criteria_set_id)
        field.required = False
        field.empty_label = _("The active set for the kind (chosen for you)")
        field.help_text = _("Only a set covering the kind of bright spot is accepted.")

    def clean(self):
        cleaned = super().clean()
        kind, criteria_set = cleaned.get("kind"), cleaned.get("criteria_set")
        if kind and criteria_set is None:
            criteria_set = cleaned["criteria_set"] = default_criteria_set(unit=self.unit, kind=kind)
            if criteria_set is None:
                self.add_error(
                    "criteria_set",
                    _("No active criteria set covers this kind; ask the administrator."),
                )
        if kind and criteria_set:
            try:
                check_criteria_set_covers(criteria_set=criteria_set, kind=kind)
            except ValidationError as exc:
                self.add_error("criteria_set", exc)
        return cleaned


class ActivityForm(forms.Form):
    description = forms.CharField(
        label=_("Activity"), max_length=500, widget=forms.TextInput(attrs={"size": 50})
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args, period: tuple | None, **kwargs):
        self.period = period  # None: activities may leave the year (plan_period)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        errors = activity_date_errors(
            period=self.period, start=cleaned.get("start_date"), end=cleaned.get("end_date")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class BaseActivityFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.activities():
            raise ValidationError(
                _("The plan needs at least one activity with its dates."), code="no_activity"
            )

    def activities(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ActivityFormSet = forms.formset_factory(
    ActivityForm, formset=BaseActivityFormSet, extra=2, can_delete=True, max_num=40
)


def activity_formset(data=None, *, period: tuple | None, spot=None) -> BaseActivityFormSet:
    initial = (
        [
            {"description": a.description, "start_date": a.start_date, "end_date": a.end_date}
            for a in spot.activities.all()
        ]
        if spot
        else None
    )
    return ActivityFormSet(
        data, initial=initial, prefix="activities", form_kwargs={"period": period}
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for withdrawing.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn bright spot cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class SendListForm(forms.Form):
    approve = forms.BooleanField(
        label=_("As the unit's leader I approve this list and send it."),
        error_messages={"required": _("Tick the box to confirm that you approve the list.")},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the unit has to fix"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the unit has to fix.")},
    )


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe what was done.")},
    )
    files = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG; up to 10 files."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_FILES})
        for upload in files:
            validate_upload(upload)
        return files


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = ["number", "issued_on", "summary"]
        widgets = {"issued_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "number": {"required": _("Enter the document's number, e.g. 12/KH-UBND.")},
            "issued_on": {"required": _("Enter the date the document was issued.")},
            "summary": {"required": _("Summarise what the document asks of the units.")},
        }

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > local_today():
            raise ValidationError(_("The date cannot be in the future."))
        return issued_on


class SpotFilterForm(forms.Form):
    """The filters of the bright spot list (all optional; GET)."""

    q = forms.CharField(label=_("Search"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *BrightSpotStatus.choices]
    )
    unit = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, years, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["kind"].choices = [("", _("All")), *kind_choices(user=user)]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Unit"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RoutingStatus.choices]
    )

    def __init__(self, *args, years, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["kind"].choices = [("", _("All")), *kind_choices(user=user)]


class PublicationForm(forms.Form):
    """What the public showcase says of a recognised spot, agreed by its unit."""

    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Shown to everyone on the public showcase: no personal data."),
    )
    effect = forms.CharField(
        label=_("What it changed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    names_consent = forms.BooleanField(
        label=_("The people named below agreed to have their names and photos shown publicly"),
        required=False,
        help_text=_(
            "Personal data (Decree 13/2023/NĐ-CP): without this, the showcase shows no "
            "person's name or photo."
        ),
    )
    people = forms.CharField(
        label=_("People named on the showcase"),
        required=False,
        max_length=500,
        help_text=_("For example the person to contact or those who led it, with their roles."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("people", "").strip() and not cleaned.get("names_consent"):
            raise forms.ValidationError(
                _("Names are shown only with the people's consent: tick the box or leave them out.")
            )
        return cleaned


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for taking it down"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

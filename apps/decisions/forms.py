from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.widgets import DateInput
from apps.cycles.forms import date_field
from apps.cycles.process import province_process
from apps.decisions.models import (
    AwardForm,
    CommendationConference,
    CommendationPeriod,
    Decision,
    YearlyCommendationForm,
)
from apps.decisions.services.decisions import EDITABLE_FIELDS

MULTILINE = {"rows": 4}
DATE_INVALID_TEXT = _("Enter the date as dd/mm/yyyy, for example 20/11/2026.")
DATE_INVALID = DATE_INVALID_TEXT


class DecisionForm(forms.ModelForm):
    """The text of a draft decision. Refuses to change anything once it is issued."""

    class Meta:
        model = Decision
        fields = EDITABLE_FIELDS
        widgets = {
            "signed_on": DateInput(),
            "issuer_name": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "legal_bases": forms.Textarea(attrs={"rows": 6}),
            "article_one": forms.Textarea(attrs={"rows": 2}),
            "later_articles": forms.Textarea(attrs=MULTILINE),
            "recipients": forms.Textarea(attrs=MULTILINE),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_draft:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        if not self.instance.is_draft:
            raise forms.ValidationError(
                _("An issued decision cannot be changed; it can only be revoked.")
            )
        cleaned = super().clean()
        number, symbol, day = (cleaned.get(f) for f in ("number", "symbol", "signed_on"))
        if number and symbol and day and self._number_taken(number, symbol, day.year):
            self.add_error(
                "number", _("This number is already used by this authority in that year.")
            )
        return cleaned

    def _number_taken(self, number, symbol, year) -> bool:
        return (
            Decision.objects.filter(
                authority=self.instance.authority, year=year, number=number, symbol=symbol
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )

    def validate_unique(self):
        """Uniqueness is checked in clean() with the year derived from the date."""


class BrightSpotsForm(forms.Form):
    bright_spots = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Proposed bright spots"),
        error_messages={"required": _("Choose at least one proposed bright spot.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bright_spots"].queryset = queryset
        self.fields["bright_spots"].label_from_instance = _spot_label


def _spot_label(spot) -> str:
    return f"{spot.name} — {spot.unit.name} ({spot.get_kind_display()}, {spot.cycle.year})"


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm the decision has been signed; once issued it cannot be changed, "
            "only revoked."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea(attrs=MULTILINE)
    )
    confirm = forms.BooleanField(
        label=_("I understand that every certificate of this decision will be revoked.")
    )


class ProposalCreateForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=CommendationPeriod.objects.all(), label=_("Period"), empty_label=None
    )
    unit = forms.ModelChoiceField(queryset=None, label=_("Steering board of"), empty_label=None)
    kind = forms.ChoiceField(choices=(), label=_("Kind"))

    def __init__(self, *args, levels, periods=None, **kwargs):
        """``levels``: the levels the user proposes for, each with its kinds
        (``selectors.proposing_levels``); ``periods``: those of their provinces."""
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods
        from apps.units.models import Unit

        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in levels])
        self.fields["kind"].choices = _proposing_kind_choices(levels)


def _proposing_kind_choices(levels) -> list[tuple[str, str]]:
    """(code, name) of the kinds proposed at ``levels``, in their process's order, once."""
    found: dict[str, str] = {}
    for level, kinds in levels.items():
        for code, name in province_process(level).choices():
            if code in kinds:
                found.setdefault(code, name)
    return list(found.items())


class ProposalSelectForm(forms.Form):
    certificates = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Recognised bright spots of the period"),
        required=False,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].queryset = queryset
        self.fields["certificates"].label_from_instance = _candidate_label


def _certificate_label(certificate) -> str:
    return (
        f"{certificate.holder_name} — {certificate.unit_name} "
        f"({certificate.year}, {certificate.decision.number_label})"
    )


def _candidate_label(certificate) -> str:
    """A certificate to select, with the yearly commendations its spot received
    (annotated by ``selectors.with_yearly_commendations``)."""
    count = getattr(certificate, "yearly_commendations", 0)
    if not count:
        return _certificate_label(certificate)
    praised = ngettext(
        "praised or rewarded %(count)s time in its year",
        "praised or rewarded %(count)s times in its year",
        count,
    ) % {"count": count}
    return f"{_certificate_label(certificate)} — {praised}"


class ProposalSendForm(forms.Form):
    letter_number = forms.CharField(label=_("Proposal letter number"), max_length=60)
    letter_date = forms.DateField(label=_("Proposal letter date"), widget=DateInput())


class ProposalDecisionForm(forms.Form):
    number = forms.CharField(label=_("Commendation decision number"), max_length=60)
    date = forms.DateField(label=_("Commendation decision date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120)
    commended = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Commended bright spots"),
        required=False,
    )

    award = forms.ChoiceField(
        label=_("Form of award"),
        choices=[("", "—"), *AwardForm.choices],
        required=False,
        help_text=_("Giấy khen, bằng khen … as on the decision."),
    )
    commended_honorees = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Commended collectives and individuals"),
        required=False,
    )

    def __init__(self, *args, items, honorees, **kwargs):
        """``items``: the proposed bright spots; ``honorees``: the proposed collectives
        and individuals. Each row is ticked (commended) until the user unticks it."""
        super().__init__(*args, **kwargs)
        self.fields["commended"].queryset = items
        self.fields["commended"].label_from_instance = lambda item: _certificate_label(
            item.certificate
        )
        self.fields["commended"].initial = list(items.values_list("pk", flat=True))
        self.fields["commended_honorees"].queryset = honorees
        self.fields["commended_honorees"].label_from_instance = lambda h: h.label
        self.fields["commended_honorees"].initial = [h.pk for h in honorees]
        if not honorees:
            del self.fields["commended_honorees"]


def _unit_field(label, units) -> forms.ModelChoiceField:
    """A unit chosen among ``units`` (the search's answers); any unit is accepted by the
    form, so that the service says in Vietnamese when it is outside the level."""
    from apps.units.models import Unit

    field = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True),
        label=label,
        error_messages={"required": _("Choose the unit."), "invalid_choice": _("Choose the unit.")},
    )
    field.widget.choices = [("", "—"), *((u.pk, u.name) for u in units)]
    return field


class HonoreeCollectiveForm(forms.Form):
    achievement = forms.CharField(
        label=_("Achievement"), max_length=500, required=False, widget=forms.TextInput
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(_("Collective"), units)
        self.order_fields(["unit", "achievement"])


class HonoreeIndividualForm(forms.Form):
    """A person typed in: full name, their unit (among the search's answers), position."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={"required": _("Give the individual's full name.")},
    )
    position = forms.CharField(
        label=_("Position or title"),
        max_length=160,
        help_text=_("e.g. Chủ tịch UBND xã, Trưởng thôn."),
        error_messages={"required": _("Give the individual's position or title.")},
    )
    achievement = forms.CharField(label=_("Achievement"), max_length=500, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(_("Unit"), units)
        self.order_fields(["full_name", "unit", "position", "achievement"])


class ConferenceForm(forms.ModelForm):
    """The record of a level's commendation conference of a period."""

    class Meta:
        model = CommendationConference
        fields = ["held_on", "place", "delegates", "document_number", "note"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "held_on": {"invalid": DATE_INVALID_TEXT},
            "delegates": {"required": _("Give the number of delegates.")},
        }

    def validate_unique(self):
        """One per level and period: the service finds the existing record."""


class YearlyCommendationRecordForm(forms.Form):
    """A unit's yearly praise or reward of its bright spots. ``token`` is made when the
    form is shown, so that submitting the same form twice records once."""

    commendation_form = forms.ChoiceField(
        label=_("Form of commendation"),
        choices=YearlyCommendationForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose praise or reward.")},
    )
    bright_spots = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Bright spots praised or rewarded"),
        required=False,
    )
    collectives = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Collectives praised or rewarded"),
        required=False,
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        help_text=_("As on the decision or notice, e.g. 125/QĐ-UBND."),
        error_messages={"required": _("Give the document's number.")},
    )
    document_date = date_field(
        _("Document date"),
        error_messages={"required": _("Give the document's date."), "invalid": DATE_INVALID},
    )
    signer = forms.CharField(
        label=_("Signed by"),
        max_length=120,
        error_messages={"required": _("Give the name of the signer.")},
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=120,
        help_text=_("e.g. Chủ tịch UBND xã, Giám đốc."),
        error_messages={"required": _("Give the signer's title.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, spots, units, people_named: bool = False, **kwargs):
        """``units``: the unit and the units under it, the collectives it may honour;
        ``people_named``: the page's rows of individuals name someone."""
        super().__init__(*args, **kwargs)
        self.people_named = people_named
        self.fields["bright_spots"].queryset = spots
        self.fields["bright_spots"].label_from_instance = _yearly_spot_label
        self.fields["collectives"].queryset = units
        self.fields["collectives"].label_from_instance = lambda unit: unit.name

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("bright_spots") or cleaned.get("collectives") or self.people_named):
            self.add_error(
                "bright_spots", _("Choose at least one bright spot, collective or individual.")
            )
        return cleaned


class YearlyIndividualForm(forms.Form):
    """One person a unit praises or rewards in its year; a row left empty is skipped."""

    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), required=False)
    position = forms.CharField(label=_("Position or title"), max_length=160, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.name


YearlyIndividualFormSet = forms.formset_factory(YearlyIndividualForm, extra=3, max_num=50)


def _yearly_spot_label(spot) -> str:
    return f"{spot.name} — {spot.unit.name} ({spot.get_kind_display()})"


class YearlyCommendationCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why this record is cancelled.")},
    )

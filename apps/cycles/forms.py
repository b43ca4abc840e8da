"""Forms of the cycle pages. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DATE_FIELDS, DeadlineKind
from apps.cycles.models import Cycle, ProcessRules
from apps.cycles.permissions import administered_provinces, units_for_extension
from apps.cycles.selectors import local_today

DEFAULT_DAY_MONTH = {name: f"{day:%d/%m}" for name, day in Cycle.default_dates(2000).items()}


def date_field(label, **kwargs) -> forms.DateField:
    """A date typed as dd/mm/yyyy (the project's input formats)."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}),
        **kwargs,
    )


def _cycle_date_fields(*, required: bool) -> dict[str, forms.DateField]:
    fields = {}
    for name in DATE_FIELDS:
        help_text = (
            ""
            if required
            else _("Leave empty for the default, %(day)s.") % {"day": DEFAULT_DAY_MONTH[name]}
        )
        label = Cycle._meta.get_field(name).verbose_name
        fields[name] = date_field(label, required=required, help_text=help_text)
    return fields


class CycleCreateForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Province"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = administered_provinces(user)
        self.fields["year"].initial = local_today().year
        self.fields.update(_cycle_date_fields(required=False))

    def dates(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DATE_FIELDS}


class CycleDatesForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the cycle's history, e.g. the document that set the new date."),
    )

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        self.fields.update(_cycle_date_fields(required=True))
        self.fields["reason"] = reason
        for name, day in cycle.dates().items():
            self.fields[name].initial = day

    def dates(self) -> dict:
        return {name: self.cleaned_data[name] for name in DATE_FIELDS}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{'— ' * (unit.depth - 1)}{unit.name}"


class DeadlineExtensionForm(forms.Form):
    """The unit list offers at most UNIT_CHOICES units matching ``search`` (a province
    has thousands); any unit in the administrator's reach still validates."""

    UNIT_CHOICES = 100

    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    deadline = forms.ChoiceField(label=_("Deadline"))
    new_date = date_field(_("Extended to"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, user, cycle, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for_extension(user, cycle)
        self.fields["unit"].queryset = units
        self._offer_units(units, search)
        self.fields["deadline"].choices = [
            (kind.value, f"{kind.label} ({cycle.deadline(kind):%d/%m/%Y})") for kind in DeadlineKind
        ]

    def _offer_units(self, units, search: str) -> None:
        field = self.fields["unit"]
        chosen = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        offered = list(units.search(search)[: self.UNIT_CHOICES])
        if (
            chosen
            and str(chosen).isascii()
            and str(chosen).isdigit()
            and all(str(u.pk) != str(chosen) for u in offered)
        ):
            offered = list(units.filter(pk=chosen)) + offered
        self.more_units = len(offered) >= self.UNIT_CHOICES
        field.widget.choices = [("", field.empty_label)] + [
            (unit.pk, field.label_from_instance(unit)) for unit in offered
        ]


class ProcessRulesForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the province's history, e.g. the document that decided it."),
    )

    class Meta:
        model = ProcessRules
        fields = [
            "guidance_reference",
            "progress_update",
            "submission_window",
            "drafting_closes",
            "review_report_closes",
            "progress_closes",
            "acknowledgement_required",
            "plan_within_year",
            "finding_on_every_criterion",
            "letter_scan_required",
        ]

        widgets = {"guidance_reference": forms.TextInput(attrs={"class": "wide"})}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

"""Forms of the cycle pages. They only collect input; the services decide."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import DateInput
from apps.cycles.enums import DATE_FIELDS, RULE_FIELDS, DeadlineKind
from apps.cycles.models import Cycle, ProcessRules
from apps.cycles.permissions import administered_provinces, units_for_extension
from apps.cycles.process import current_process
from apps.cycles.selectors import local_today


def date_field(label, **kwargs) -> forms.DateField:
    """A date typed as dd/mm/yyyy (the project's input formats)."""
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def _cycle_date_fields(*, required: bool, defaults=None) -> dict[str, forms.DateField]:
    """The cycle's dates; optional ones say their default: ``defaults`` (the province's
    process) gives it as dd/mm, else the province's process is named."""
    fields = {}
    for name in DATE_FIELDS:
        if required:
            help_text = ""
        elif defaults is not None:
            month, day = defaults.dates[name]
            help_text = _("Leave empty for the default, %(day)s.") % {
                "day": f"{day:02d}/{month:02d}"
            }
        else:
            help_text = _("Leave empty for the default of the province's process.")
        label = Cycle._meta.get_field(name).verbose_name
        fields[name] = date_field(label, required=required, help_text=help_text)
    return fields


class CycleCreateForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Province"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = administered_provinces(user)
        self.fields["province"].queryset = provinces
        self.fields["year"].initial = local_today().year
        only = list(provinces[:2])
        defaults = current_process(only[0]) if len(only) == 1 else None
        self.fields.update(_cycle_date_fields(required=False, defaults=defaults))

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
    """One unit, several deadlines ticked, each with its own new date or the one date
    for all, one reason. The unit list offers at most UNIT_CHOICES units matching
    ``search`` (a province has thousands) plus the unit already chosen; any unit in the
    administrator's reach still validates."""

    UNIT_CHOICES = 100

    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    deadlines = forms.MultipleChoiceField(label=_("Deadlines"), widget=forms.CheckboxSelectMultiple)
    new_date = date_field(
        _("Extended to (every ticked deadline)"),
        required=False,
        help_text=_("Or give a ticked deadline its own date below."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, user, cycle, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for_extension(user, cycle)
        self.fields["unit"].queryset = units
        self._offer_units(units, search)
        self.fields["deadlines"].choices = [
            (kind.value, f"{kind.label} ({cycle.deadline(kind):%d/%m/%Y})") for kind in DeadlineKind
        ]
        reason = self.fields.pop("reason")
        for kind in DeadlineKind:
            self.fields[f"new_date_{kind}"] = date_field(
                _("%(deadline)s: extended to") % {"deadline": kind.label}, required=False
            )
        self.fields["reason"] = reason

    def clean(self):
        """Each ticked deadline has a date (its own or the one for all); a date typed
        for a deadline left unticked is not dropped silently."""
        cleaned = super().clean()
        ticked = set(cleaned.get("deadlines") or ())
        for kind in DeadlineKind:
            name = f"new_date_{kind}"
            if name in self.errors:
                continue
            if kind in ticked and not (cleaned.get(name) or cleaned.get("new_date")):
                self.add_error(
                    name, _("Enter the new date, or one date for every ticked deadline.")
                )
            elif kind not in ticked and cleaned.get(name):
                self.add_error(name, _("Tick this deadline, or clear its date."))
        return cleaned

    def deadline_rows(self) -> list[tuple]:
        """Each deadline's tick box beside its own date field (the page's table)."""
        dates = [self[f"new_date_{kind}"] for kind in DeadlineKind]
        return list(zip(self["deadlines"].subwidgets, dates, strict=True))

    def dates(self) -> dict[str, datetime.date]:
        """The new date of each ticked deadline."""
        common = self.cleaned_data.get("new_date")
        return {
            kind: self.cleaned_data.get(f"new_date_{kind}") or common
            for kind in self.cleaned_data["deadlines"]
        }

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
        fields = list(RULE_FIELDS)

        widgets = {"guidance_reference": forms.TextInput(attrs={"class": "wide"})}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

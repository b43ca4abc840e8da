"""Forms of the process pages, one per section of the draft. They only collect and
parse input (a day typed dd/mm, reminder days typed "14, 7, 1"); the services in
``process_services`` decide."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.cycles.enums import DATE_FIELDS, CycleDate, RouteLevel
from apps.cycles.forms import date_field
from apps.cycles.models import (
    ProcessConferenceLevel,
    ProcessKind,
    ProcessMinimum,
    ProcessRoute,
    ProcessVersion,
)
from apps.units.enums import BoardFunction, UnitKind, UnitLevel

BOARDS = [(value, label) for value, label in BoardFunction.choices if value]
NO_BOARD = [("", _("(none)"))]


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _help(model, name: str):
    return model._meta.get_field(name).help_text


class DayMonthField(forms.CharField):
    """A day of the year typed dd/mm, cleaned to (day, month); whether every year has
    it is the service's check."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": _("dd/mm"), "autocomplete": "off", "size": 6}
        super().__init__(max_length=5, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})", value)
        if match is None:
            raise ValidationError(_("Type the day as dd/mm, e.g. 20/04."))
        return int(match[1]), int(match[2])


class DaysField(forms.CharField):
    """Whole numbers typed with commas ("14, 7, 1"), cleaned to a list."""

    def to_python(self, value):
        value = super().to_python(value)
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(re.fullmatch(r"[0-9]{1,3}", part) for part in parts):
            raise ValidationError(_("Type whole numbers separated by commas, e.g. 14, 7, 1."))
        return [int(part) for part in parts]


def day_month(day: int, month: int) -> str:
    return f"{day:02d}/{month:02d}"


class DraftForm(forms.Form):
    title = forms.CharField(
        label=_label(ProcessVersion, "title"),
        help_text=_help(ProcessVersion, "title"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    period_start = DayMonthField(
        label=_("The year's period starts on"),
        help_text=_help(ProcessVersion, "period_start_month"),
    )
    review_report_to = forms.MultipleChoiceField(
        label=_label(ProcessVersion, "review_report_to"),
        help_text=_help(ProcessVersion, "review_report_to"),
        choices=BOARDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_of(version: ProcessVersion) -> dict:
        return {
            "title": version.title,
            "period_start": day_month(version.period_start_day, version.period_start_month),
            "review_report_to": version.review_report_to,
        }


class KindForm(forms.Form):
    code = forms.CharField(
        label=_label(ProcessKind, "code"), help_text=_help(ProcessKind, "code"), max_length=8
    )
    name = forms.CharField(label=_label(ProcessKind, "name"), max_length=200)
    document_phrase = forms.CharField(
        label=_label(ProcessKind, "document_phrase"),
        help_text=_help(ProcessKind, "document_phrase"),
        max_length=300,
    )
    certificate_title = forms.CharField(
        label=_label(ProcessKind, "certificate_title"),
        help_text=_help(ProcessKind, "certificate_title"),
        max_length=300,
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_label(ProcessKind, "unit_kinds"),
        help_text=_help(ProcessKind, "unit_kinds"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_of(kind: ProcessKind) -> dict:
        return {name: getattr(kind, name) for name in KindForm.base_fields}


class RouteForm(forms.Form):
    board = forms.ChoiceField(label=_label(ProcessRoute, "board"), choices=BOARDS)
    via = forms.ChoiceField(
        label=_label(ProcessRoute, "via"), choices=NO_BOARD + BOARDS, required=False
    )
    copy_to = forms.ChoiceField(
        label=_label(ProcessRoute, "copy_to"), choices=NO_BOARD + BOARDS, required=False
    )
    level = forms.ChoiceField(label=_label(ProcessRoute, "level"), choices=RouteLevel.choices)

    @staticmethod
    def initial_of(route: ProcessRoute | None) -> dict:
        if route is None:
            return {"level": RouteLevel.PROVINCE}
        return {name: getattr(route, name) for name in RouteForm.base_fields}


class MinimumForm(forms.Form):
    kind = forms.ChoiceField(label=_label(ProcessMinimum, "kind"))
    unit_kind = forms.ChoiceField(
        label=_label(ProcessMinimum, "unit_kind"),
        choices=[("", _("Every unit that reports")), *UnitKind.choices],
        required=False,
    )
    count = forms.IntegerField(label=_label(ProcessMinimum, "count"), initial=1)

    def __init__(self, *args, kinds: list[ProcessKind], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.code, kind.name) for kind in kinds]


class DatesForm(forms.Form):
    """Each of a year's dates: its default day (dd/mm) and the reminder days."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in DATE_FIELDS:
            label = CycleDate(field).label
            self.fields[field] = DayMonthField(label=capfirst(label))
            self.fields[f"{field}_reminders"] = DaysField(
                label=capfirst(_("%(date)s: reminders, days before") % {"date": label}),
                required=False,
            )

    @staticmethod
    def initial_of(deadlines) -> dict:
        initial = {}
        for row in deadlines:
            initial[row.field] = day_month(row.day, row.month)
            initial[f"{row.field}_reminders"] = ", ".join(str(day) for day in row.reminder_days)
        return initial

    def rows(self):
        """(date field, reminders field) of each date, for the template."""
        return [(self[field], self[f"{field}_reminders"]) for field in DATE_FIELDS]

    def dates(self) -> dict[str, tuple[int, int]]:
        return {field: self.cleaned_data[field] for field in DATE_FIELDS}

    def reminders(self) -> dict[str, list[int]]:
        return {field: self.cleaned_data[f"{field}_reminders"] for field in DATE_FIELDS}


class ConferenceLevelForm(forms.Form):
    level = forms.ChoiceField(
        label=_label(ProcessConferenceLevel, "level"), choices=UnitLevel.choices
    )
    valid_from = date_field(
        _label(ProcessConferenceLevel, "valid_from"),
        required=False,
        help_text=_("Empty: since always."),
    )
    valid_until = date_field(
        _label(ProcessConferenceLevel, "valid_until"),
        required=False,
        help_text=_("Empty: with no end."),
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_label(ProcessVersion, "note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Recorded with the version, e.g. the document that changed the process."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have checked the draft: years opened from now on follow it; years already "
            "open keep their version."
        )
    )


class DiscardForm(forms.Form):
    confirm = forms.BooleanField(label=_("Delete the draft and every change made in it."))

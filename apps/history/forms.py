from django import forms
from django.utils.translation import gettext_lazy as _

from apps.units.models import Unit
from apps.units.services import import_size_check


class HistoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of past bright spots"),
        help_text=_("An .xlsx (or .csv) file with the template's columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        """Refused by its size before it is read (the unit import's byte cap)."""
        upload = self.cleaned_data["file"]
        import_size_check(upload.size)
        return upload


class HistoryConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked the preview: import these records"), required=True
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class MergeForm(forms.Form):
    sources = UnitsChoiceField(
        queryset=Unit.objects.none(),
        label=_("Old units"),
        help_text=_("The units that were merged (hold Ctrl to choose several)."),
    )
    target = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("New unit"),
        help_text=_("The unit they became; its people will see their work and history."),
    )
    confirm = forms.BooleanField(
        label=_("I have read the preview: merge these units (this cannot be undone)"),
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = units
        self.fields["target"].queryset = units

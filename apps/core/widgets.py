"""Form widgets shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, the value the form sends. ``data-datepicker`` holds
    the name of the button that static/js/datepicker.js puts beside the field to open
    the browser's own date picker; without JavaScript the field is typed as before."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "autocomplete": "off",
            "size": 10,
            "data-datepicker": _("Choose a date"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycles.process import kind_choices
from apps.reports.models import ReviewReport


class ReviewReportForm(forms.ModelForm):
    """The free text of a yearly review report; the figures come from the data."""

    class Meta:
        model = ReviewReport
        fields = ["results", "lessons", "next_year_plan"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}
        help_texts = {
            "results": _("What was achieved this year beyond the figures above."),
            "lessons": _("What worked, what did not, and why."),
            "next_year_plan": _("The bright spots and models planned for next year."),
        }


class ShowcaseFilterForm(forms.Form):
    """The public showcase's filters; anything invalid is ignored, not reported."""

    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Year"))
    kind = forms.ChoiceField(required=False, label=_("Kind"))
    place = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Place"))

    def __init__(self, *args, years=(), places=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(y, y) for y in years]
        self.fields["kind"].choices = everything + kind_choices()
        self.fields["place"].choices = everything + [
            (pk, "\u2003" * (depth - 1) + name) for pk, name, depth, _path in places
        ]

    def filters(self) -> dict:
        """The valid filters (an invalid one counts as not given)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "year": data.get("year"),
            "kind": data.get("kind") or "",
            "place": data.get("place"),
        }

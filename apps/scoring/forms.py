"""Forms of the scoring pages. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import DateInput
from apps.cycles.forms import UnitChoiceField
from apps.scoring.enums import Side
from apps.scoring.models import ScoringRound
from apps.units.models import Unit


class ScoringExtensionForm(forms.Form):
    """One unit, one side, the new date and the reason. The unit list offers at most
    UNIT_CHOICES units of the province matching ``search`` (a province has thousands),
    plus the unit already chosen."""

    UNIT_CHOICES = 100

    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    side = forms.ChoiceField(label=_("Whose date"), choices=Side.choices)
    new_date = forms.DateField(label=_("Extended to"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, scoring_round: ScoringRound, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        province = scoring_round.cycle.province
        units = Unit.objects.filter(path__startswith=province.path, depth__gt=1)
        field = self.fields["unit"]
        field.queryset = units
        offered = list(units.search(search)[: self.UNIT_CHOICES])
        chosen = str(self.data.get("unit") or "")
        if chosen.isascii() and chosen.isdigit() and all(str(u.pk) != chosen for u in offered):
            offered = list(units.filter(pk=chosen)) + offered
        self.more_units = len(offered) >= self.UNIT_CHOICES
        field.widget.choices = [("", field.empty_label)] + [
            (unit.pk, field.label_from_instance(unit)) for unit in offered
        ]

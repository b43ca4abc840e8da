"""Forms of the criteria pages. A form bound to a frozen set refuses to validate
(the services refuse again under a row lock)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts.permissions import is_superuser
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from apps.criteria.permissions import provinces_for_criteria
from apps.criteria.services import frozen_message
from apps.cycles.process import current_process, kind_choices


def kinds_field(label, choices=()) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple
    )


class FrozenGuardMixin:
    """``criteria_set`` is the set being edited; refuse when a bright spot uses it."""

    criteria_set = None

    def clean(self):
        cleaned = super().clean()
        if self.criteria_set is not None and self.criteria_set.is_frozen:
            raise ValidationError(frozen_message(), code="frozen")
        return cleaned


class CriteriaSetCreateForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Letters, digits and hyphens, e.g. nghe-an-2026."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    province = forms.ModelChoiceField(label=_("Province"), queryset=None)
    kinds = kinds_field(_("Kinds of bright spot covered"))
    source = forms.CharField(
        label=_("Source document"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        field.queryset = provinces_for_criteria(user)
        if is_superuser(user):
            field.required = False
            field.empty_label = _("(shared by every province)")
        self.fields["kinds"].choices = kind_choices()


class CriteriaSetForm(FrozenGuardMixin, forms.ModelForm):
    kinds = kinds_field(_("Kinds of bright spot covered"))

    class Meta:
        model = CriteriaSet
        fields = ["name", "kinds", "source"]
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = self.instance
        province = self.instance.province
        self.fields["kinds"].choices = kind_choices(province) if province else kind_choices()


class CriterionGroupForm(FrozenGuardMixin, forms.ModelForm):
    class Meta:
        model = CriterionGroup
        fields = ["number", "title", "kinds", "order"]

    def __init__(self, criteria_set, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        self.instance.criteria_set = criteria_set
        process = current_process(criteria_set.province_id)
        self.fields["kinds"] = kinds_field(
            _("Applies to"),
            choices=[(k, process.label(k)) for k in criteria_set.kinds],
        )
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave empty to put it last.")


class CriterionForm(FrozenGuardMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["number", "text", "max_score", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, group, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = group.criteria_set
        self.instance.group = group
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave empty to put it last.")

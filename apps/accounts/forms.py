"""Forms of the people pages."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Membership, User, in_force_q
from apps.core.widgets import DateInput


class HandoverForm(forms.Form):
    """Who left, on which last day, and who takes over (found by username or e-mail
    among the people holding a role in the same province)."""

    departed = forms.ModelChoiceField(label=_("Departed person"), queryset=User.objects.none())
    last_day = forms.DateField(label=_("Last day in the role"), widget=DateInput())
    successor = forms.CharField(
        label=_("Successor (username or e-mail)"), max_length=254, strip=True
    )
    confirm = forms.BooleanField(
        label=_("I confirm: end these roles and move the pending work to the successor"),
        required=True,
    )

    def __init__(self, *args, unit, today, province_path: str, **kwargs):
        super().__init__(*args, **kwargs)
        held = Membership.objects.filter(in_force_q(today), unit=unit)
        self.fields["departed"].queryset = User.objects.filter(
            pk__in=held.values("user_id"), is_active=True
        ).order_by("full_name", "pk")
        self.province_path = province_path

    def clean_successor(self):
        typed = self.cleaned_data["successor"]
        in_province = Membership.objects.filter(unit__path__startswith=self.province_path)
        found = (
            User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
            .filter(is_active=True, pk__in=in_province.values("user_id"))
            .order_by("pk")
        )
        if len(found) != 1:
            raise forms.ValidationError(
                _("No single active person with this username or e-mail in the province.")
            )
        return found[0]


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, also for a person onboarded from a spreadsheet who has not yet
    chosen a password (no usable password, never logged in): their welcome link may
    have expired. Accounts whose password was disabled later stay excluded."""

    def get_users(self, email):
        active = User.objects.filter(email__iexact=email, is_active=True)
        for user in active:
            if user.has_usable_password() or user.last_login is None:
                yield user


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )

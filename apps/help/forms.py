from django import forms

from apps.help.models import SupportContact


class SupportContactForm(forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = ("office", "phone", "email", "hours")
        widgets = {"office": forms.TextInput(attrs={"class": "wide"})}

"""The notice preferences form: one choice per kind a user may choose."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.notifications.enums import CHOOSABLE_KINDS, Channel


class NoticePreferencesForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send my e-mails once a day, together, instead of one per notice"),
        help_text=_("Deadline reminders and account e-mails still come at once."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in CHOOSABLE_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, initial=Channel.BOTH
            )
        # The digest option after the kinds, as the page reads top to bottom.
        self.order_fields([kind.value for kind in CHOOSABLE_KINDS])

    def channels(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in CHOOSABLE_KINDS}

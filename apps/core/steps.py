"""Running a service from a view: one place that turns refusals into messages, and one
view body for a workflow step button."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from apps.core.workflow import REFUSALS, Workflow, refusal_messages


@dataclass(frozen=True)
class Outcome:
    """What a service run gave: ``ok`` and its return value, or the refusal."""

    ok: bool
    value: Any = None
    error: Exception | None = None


def run_service(
    request, service: Callable, /, *, done: str = "", form: forms.Form | None = None, **kwargs
) -> Outcome:
    """Call ``service(by=request.user, **kwargs)``. A refusal (either kind, or a
    validation error) becomes error messages, on ``form`` when given, else on the
    request; ``done`` is the success message."""
    try:
        value = service(by=request.user, **kwargs)
    except (*REFUSALS, ValidationError) as exc:
        if form is not None:
            _form_errors(form, exc)
        else:
            for message in refusal_messages(exc):
                messages.error(request, message)
        return Outcome(ok=False, error=exc)
    if done:
        messages.success(request, done)
    return Outcome(ok=True, value=value)


def _form_errors(form: forms.Form, exc: Exception) -> None:
    """A refusal beside the form's fields it names, or above the form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal_messages(exc))


class ReasonForm(forms.Form):
    """The reason or comment a step asks for."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


def take_step(request, obj, *, workflow: Workflow, verb: str, service: Callable, **kwargs):
    """The body of a step button's POST view: read the step's reason when it asks one,
    run the service on ``obj`` and come back to ``obj``'s page with the outcome."""
    step = workflow.step(verb)
    if step.reason is not None:
        form = ReasonForm(request.POST, required=step.reason)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(obj)
        kwargs["reason"] = form.cleaned_data["reason"]
    run_service(request, service, done=step.done, **kwargs)
    return redirect(obj)

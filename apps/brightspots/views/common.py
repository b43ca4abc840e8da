import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.text import slugify

from apps.core import downloads
from apps.cycles.selectors import local_today


def year_param(request) -> int:
    """The ``year`` query parameter, or the current local year."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return local_today().year


def refusal_messages(exc: Exception) -> list[str]:
    """A service's refusal as the messages to show the user."""
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)] if str(exc) else []


def flash_refusal(request, exc: ValidationError | PermissionDenied) -> None:
    for message in refusal_messages(exc):
        messages.error(request, message)


def form_refusal(form, exc: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal beside the form's fields (or above the form)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal_messages(exc))


def xlsx_response(write, *, filename: str) -> HttpResponse:
    """Run ``write(stream)`` and answer with the workbook as a download."""
    stream = io.BytesIO()
    write(stream)
    return downloads.xlsx_response(stream.getvalue(), f"{slugify(filename)}.xlsx")

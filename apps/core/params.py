"""Query parameters, read through Django form fields: a value that does not parse, or
lies outside what the database can hold, is ignored (the page falls back to its
default), never a server error. NUL bytes anywhere in a request are refused with 400
by ``apps.core.middleware.RefuseNulBytes``.

``int()`` accepts "٣" but ``str.isdigit()`` also says yes to "²", which ``int()``
refuses; and a 5,000-digit year parses but overflows PostgreSQL's integer. So no view
calls ``int()`` or ``isdigit()`` on a parameter: it asks this module.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# Bounds of what the columns hold: years of cycles, primary keys (bigint), page numbers.
YEAR = forms.IntegerField(required=False, min_value=1900, max_value=2999)
KEY = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
PAGE = forms.IntegerField(required=False, min_value=1, max_value=10**6)
TEXT = forms.CharField(required=False, max_length=200)
# A number column (an integer in PostgreSQL), e.g. a decision's number.
INTEGER = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


def clean(params: Mapping[str, str], name: str, field: forms.Field, default=None):
    """``params[name]`` cleaned by ``field``; ``default`` when missing, empty or bad."""
    try:
        value = field.clean(params.get(name))
    except ValidationError:
        return default
    return default if value in (None, "") else value


def year(params: Mapping[str, str], default: int | None = None) -> int | None:
    return clean(params, "year", YEAR, default)


def year_or_this_year(params: Mapping[str, str]) -> int:
    """``?year=``, or the current year in the portal's time zone (Asia/Ho_Chi_Minh)."""
    return year(params, default=timezone.localdate().year)


def key(params: Mapping[str, str], name: str) -> int | None:
    """A primary key parameter (``?unit=12``), or None."""
    return clean(params, name, KEY)


def page(params: Mapping[str, str], name: str = "page") -> int:
    return clean(params, name, PAGE, 1)


def text(params: Mapping[str, str], name: str = "q") -> str:
    return (clean(params, name, TEXT, "") or "").strip()


def number(value: str, field: forms.Field = KEY) -> int | None:
    """A number typed in a search box ("12" of "12/QĐ-UBND"), or None."""
    return clean({"value": value}, "value", field)

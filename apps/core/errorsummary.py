"""The error summary shown at the top of a page whose submitted forms have errors
(the GOV.UK pattern): one entry per field in error, linking to its input, and the
errors that belong to no field.

The forms are found in the page's context: a form or formset by itself, or in a list
or tuple (such as ``[(row, form), ...]``), so every page gets the summary without
naming its forms. Only types are inspected (``type()``, never ``isinstance``), so lazy
values in the context (the CSRF token) are left unevaluated.
"""

from dataclasses import dataclass

from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ErrorItem:
    text: str
    href: str = ""  # "#<id of the input>", empty for an error of the whole form


def _is_form(value) -> bool:
    return issubclass(type(value), BaseForm | BaseFormSet)


def _forms_in(value, depth: int = 0):
    if _is_form(value):
        yield value
    elif type(value) in (list, tuple) and depth < 2:
        for item in value:
            yield from _forms_in(item, depth + 1)


def forms_in_context(values) -> list:
    """Each form or formset among ``values`` (context values) once, in context order."""
    found, seen = [], set()
    for value in values:
        for form in _forms_in(value):
            if id(form) not in seen:
                seen.add(id(form))
                found.append(form)
    return found


def _target(field) -> str:
    """The id of the input a link should focus: the first of a group of inputs."""
    if field.use_fieldset:
        subwidgets = field.subwidgets
        return (subwidgets[0].id_for_label if subwidgets else "") or field.auto_id
    return field.id_for_label or field.auto_id


def _form_items(form, prefix: str = "") -> list[ErrorItem]:
    if not form.is_bound or not form.errors:
        return []
    lead = f"{prefix}: " if prefix else ""
    items = [ErrorItem(f"{lead}{error}") for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            target = "" if field.is_hidden else _target(field)
            text = f"{lead}{field.label or field.name}: {error}"
            items.append(ErrorItem(text, f"#{target}" if target else ""))
    return items


def _formset_items(formset) -> list[ErrorItem]:
    if not formset.is_bound:
        return []
    items = [ErrorItem(str(error)) for error in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        items += _form_items(form, _("Row %(number)d") % {"number": number})
    return items


def error_items(values) -> list[ErrorItem]:
    """The entries of the summary for the forms among ``values``."""
    items = []
    for form in forms_in_context(values):
        if issubclass(type(form), BaseFormSet):
            items += _formset_items(form)
        else:
            # A form among several of one kind (one per criterion) may name itself.
            items += _form_items(form, str(getattr(form, "error_summary_name", "")))
    return items

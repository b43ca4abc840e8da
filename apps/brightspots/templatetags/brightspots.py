from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def select_options(field) -> str:
    """The <option>s of a bound choice field, selected as submitted (cheaper than the
    widget's per-option templates on pages rendered at every filter change)."""
    value = "" if field.value() is None else str(field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (choice, " selected" if str(choice) == value else "", label)
            for choice, label in field.field.choices
        ),
    )

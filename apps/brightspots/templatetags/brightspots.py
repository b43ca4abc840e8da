from django import template
from django.utils.html import format_html, format_html_join

from apps.core.templatetags.portal import label

register = template.Library()

GREEN = {"acknowledged", "in_progress", "recognised"}
AMBER = {"registered", "in_recognition", "pending"}


@register.simple_tag
def status_badge(obj) -> str:
    """A status as a badge: green once acknowledged or recognised, amber while waiting
    (a tag, not an include: list pages render it on every row)."""
    tone = " ok" if obj.status in GREEN else " warn" if obj.status in AMBER else ""
    return format_html('<span class="badge{}">{}</span>', tone, label(obj, "status"))


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

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def num(value) -> str:
    """An integer with the language's thousand separator (12.345 in Vietnamese).

    What humanize's intcomma does, at a fraction of the cost: a summary table holds
    a couple of thousand numbers."""
    if not isinstance(value, int):
        return value
    return format(value, ",").replace(",", get_format("THOUSAND_SEPARATOR"))

import html

from django import template
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _grouped(value: int, separator: str) -> str:
    return format(value, ",").replace(",", separator)


@register.filter
def num(value) -> str:
    """An integer with the language's thousand separator (12.345 in Vietnamese).

    What humanize's intcomma does, at a fraction of the cost: a summary table holds
    a couple of thousand numbers."""
    if not isinstance(value, int):
        return value
    return _grouped(value, get_format("THOUSAND_SEPARATOR"))


@register.simple_tag(takes_context=True)
def summary_rows(context, rows, link=False) -> SafeString:
    """The lines of the summary table (``GroupRow``s): the unit's own line, then one per
    direct child subtree, linked to its own page when ``link``.

    Drawn in Python: a province's table has a couple of thousand cells, and a nested
    {% for %} with a lookup and a filter per cell took over half of the dashboard's
    rendering time. Only the unit names need escaping: the figures are integers
    (anything else is escaped too)."""
    separator = conditional_escape(get_format("THOUSAND_SEPARATOR"))
    cycle = context.get("cycle")
    year = f"&amp;year={cycle.year}" if cycle else ""
    lines = []
    for row in rows:
        figures = "".join(
            f'<td class="num">{_cell(value, separator)}</td>' for value in row.figures()
        )
        lines.append(f"<tr><td>{_unit_cell(row, link, year)}</td>{figures}</tr>")
    return mark_safe("".join(lines))


def _cell(value, separator: str) -> str:
    if not isinstance(value, int):
        return conditional_escape(value)
    return str(value) if -1000 < value < 1000 else _grouped(value, separator)


def _unit_cell(row, link, year: str) -> str:
    name = html.escape(row.unit.name)  # what conditional_escape does, without its overhead
    if row.is_self:
        # The msgid the template's {% blocktranslate %} had: already translated.
        return gettext("%(name)s (its own)") % {"name": name}
    if link:
        return f'<a href="?unit={row.unit.pk}{year}">{name}</a>'
    return name


@register.simple_tag
def missing_rows(units) -> SafeString:
    """The lines of the table of units missing the yearly minimum: the name, then for
    each kind of the minimum a tick, a "missing" badge with held / required, or a dash
    where the unit's kind need not build it (``figures.minimum_cells``)."""
    missing = conditional_escape(gettext("missing"))

    def cell(required: int, held: int) -> str:
        if not required:
            return "—"
        if held >= required:
            return "✓"
        return f'<span class="badge warn">{missing} ({held}/{required})</span>'

    return mark_safe(
        "".join(
            f"<tr><td>{conditional_escape(unit.name)}</td>"
            + "".join(f"<td>{cell(*pair)}</td>" for pair in unit.minimum_cells)
            + "</tr>"
            for unit in units
        )
    )

"""django-import-export's import preview without inline styles (see
templates/admin/import_export/import.html)."""

from django import template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

# diff-match-patch's diff_prettyHtml colours insertions and deletions with style
# attributes, which the Content-Security-Policy refuses; static/css/admin_import.css
# gives the same colours.
_STYLED = {
    '<ins style="background:#e6ffe6;">': "<ins>",
    '<del style="background:#ffe6e6;">': "<del>",
}


@register.filter
def unstyled_diff(html):
    """One cell of the preview, its <ins>/<del> tags unstyled. Only markup already
    marked safe (diff_prettyHtml escapes the values) stays safe; removing two fixed
    attributes cannot make it unsafe."""
    if not isinstance(html, SafeData):
        return html
    for styled, plain in _STYLED.items():
        html = html.replace(styled, plain)
    return mark_safe(html)

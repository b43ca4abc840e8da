"""``{% recognition spot %}``: a bright spot's outcome with its decision and
certificate, as the dossier page and the bright spot's page show it."""

from django import template

from apps.dossiers.selectors import recognition_of

register = template.Library()


@register.inclusion_tag("dossiers/includes/_recognition.html", takes_context=True)
def recognition(context, bright_spot):
    """The outcome box of ``bright_spot`` (nothing while it has no outcome), linking
    only the decision and certificate the user may open."""
    user = context["request"].user
    return {"recognition": recognition_of(bright_spot=bright_spot, user=user)}

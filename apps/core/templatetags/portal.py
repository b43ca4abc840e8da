from functools import cache

from django import template
from django.conf import settings
from django.utils.translation import get_language

from apps.accounts import permissions
from apps.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "dossiers.submit" dossier as allowed %}``: asks the permission layer."""
    return permissions.can(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with ``changes`` applied (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """``{% unread_notification_count as unread %}``: counted once per request."""
    request = context.get("request")
    if request is None:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user=request.user)
    return request._unread_notifications


@register.simple_tag
def site_url() -> str:
    """The portal's public address (settings.SITE_URL), for links in e-mails."""
    return settings.SITE_URL.rstrip("/")


@cache
def _choice_labels(model, field_name: str, language: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@register.filter
def label(obj, field_name: str) -> str:
    """``{{ spot|label:"kind" }}``: what ``get_kind_display`` shows, from a table built
    once per model, field and language (Django's builds a dict of every translated
    label on each call, which long lists feel)."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name, get_language()).get(value, value)

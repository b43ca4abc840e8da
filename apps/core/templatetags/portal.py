import datetime
from functools import cache
from importlib import import_module

from django import template
from django.conf import settings
from django.db.models import Choices
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.core.errorsummary import error_items
from apps.core.menu import menu_html
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
    """``{{ spot|label:"status" }}``: what ``get_status_display`` shows, from a table
    built once per model, field and language (Django's builds a dict of every translated
    label on each call, which long lists feel). A field without choices (a kind of bright
    spot, named by the process) asks the model's own ``get_<field>_display``."""
    value = getattr(obj, field_name)
    labels = _choice_labels(type(obj), field_name, get_language())
    if not labels:  # a value named by data (a kind of bright spot): the model names it
        return getattr(obj, f"get_{field_name}_display")()
    return labels.get(value, value)


@cache
def _tones(model, field_name: str) -> dict:
    """The ``TONES`` of the enum behind ``model.field_name``: the TextChoices of the
    model's app ``enums`` module whose values are the field's choices ({} if none)."""
    values = {value for value, _label in model._meta.get_field(field_name).flatchoices}
    try:
        enums = import_module(f"{model._meta.app_config.name}.enums")
    except ModuleNotFoundError:
        return {}
    choices = (e for e in vars(enums).values() if isinstance(e, type) and issubclass(e, Choices))
    for enum in choices:
        if set(enum.values) == values:
            return dict(getattr(enum, "TONES", {}))
    return {}


@register.simple_tag
def status_badge(obj, field_name: str = "status") -> str:
    """``{% status_badge spot %}``: a status as a badge, coloured by the ``TONES`` its
    enum declares ("ok" green, "warn" amber, any other status grey). A tag, not an
    include: list pages render it on every row."""
    tone = _tones(type(obj), field_name).get(getattr(obj, field_name), "")
    return format_html(
        '<span class="badge{}">{}</span>', f" {tone}" if tone else "", label(obj, field_name)
    )


def _in_vietnam(value):
    """An aware datetime in the portal's time zone (settings.TIME_ZONE,
    Asia/Ho_Chi_Minh); dates and naive datetimes as they are."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, timezone.get_default_timezone())
    return value


@register.filter
def dmy(value) -> str:
    """``{{ day|dmy }}``: the portal's one date format, 05/01/2026. A datetime shows
    its day in Vietnam; anything else (None, "") shows nothing."""
    if not isinstance(value, datetime.date):
        return ""
    day = _in_vietnam(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@register.filter
def dmy_hm(value) -> str:
    """``{{ moment|dmy_hm }}``: the portal's one date-and-time format, 05/01/2026 14:30,
    in Vietnam's time. A plain date shows as ``dmy``."""
    if not isinstance(value, datetime.datetime):
        return dmy(value)
    moment = _in_vietnam(value)
    return f"{dmy(moment)} {moment.hour:02d}:{moment.minute:02d}"


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """``{% main_menu %}``: the main menu of the entries the user may use (rendered
    from ``includes/_nav.html`` once per process for each set of entries and language;
    ``apps.core.menu.menu_html``)."""
    return menu_html(context["request"].user)


@register.simple_tag(takes_context=True)
def error_summary(context) -> list:
    """``{% error_summary as errors %}``: the entries of the error summary for the
    forms of the page (after a POST only: a filter read from the query string falls
    back to its default instead of showing errors)."""
    request = context.get("request")
    if request is None or request.method != "POST":
        return []
    return error_items(context.flatten().values())


def _required_mark() -> str:
    return format_html(
        '<span class="required-mark" aria-hidden="true"> *</span>'
        '<span class="visually-hidden"> {}</span>',
        _("(required)"),
    )


@register.filter
def marked_label(field) -> str:
    """``{{ field|marked_label }}``: the field's label (a legend for a group of inputs),
    with an asterisk and a spoken "(required)" when the field must be filled in."""
    tag = field.legend_tag() if field.use_fieldset else field.label_tag()
    if not field.field.required or not tag:
        return tag
    closing = "</legend>" if field.use_fieldset else "</label>"
    head, _closing, tail = tag.rpartition(closing)
    return mark_safe(f"{head}{_required_mark()}{closing}{tail}")  # head and tail: Django's tag


@register.filter
def has_required_fields(form) -> bool:
    """Whether ``form`` shows a field that must be filled in (its legend line)."""
    return any(field.field.required for field in form.visible_fields())

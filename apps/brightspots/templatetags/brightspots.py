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


@register.inclusion_tag("brightspots/includes/_publication.html", takes_context=True)
def publication(context, spot):
    """``{% publication spot %}``: the public showcase box of a recognised spot (nothing
    before recognition), with the step the user may take."""
    from apps.accounts.permissions import can
    from apps.brightspots.enums import BrightSpotStatus
    from apps.brightspots.forms import PublicationForm, UnpublishForm

    user = context["request"].user
    shown = spot.status == BrightSpotStatus.RECOGNISED or spot.is_public
    return {
        "spot": spot,
        "shown": shown,
        "may_agree": shown
        and not spot.is_public
        and can(user, "brightspots.agree_publication", spot),
        "may_publish": shown
        and not spot.is_public
        and spot.publication_agreed_at is not None
        and can(user, "brightspots.publish", spot),
        "may_unpublish": (spot.is_public or spot.publication_agreed_at is not None)
        and can(user, "brightspots.unpublish", spot),
        "agree_form": PublicationForm(
            initial={
                "summary": spot.public_summary,
                "effect": spot.public_effect,
                "names_consent": spot.publication_names_consent,
                "people": spot.public_people,
            }
        ),
        "unpublish_form": UnpublishForm(),
        "csrf_token": context.get("csrf_token"),
    }

"""``{% step_tracker spot %}``: where a bright spot stands, step by step (the page
that shows it links ``css/tracker.css``)."""

from django import template

from apps.reports.selectors.tracker import spot_steps

register = template.Library()


@register.inclusion_tag("includes/_step_tracker.html")
def step_tracker(spot):
    return {"steps": spot_steps(spot=spot)}

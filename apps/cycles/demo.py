"""Demo data for ``manage.py load_demo_data``: Nghệ An's cycles for the years the demo
plays (``apps/core/demo/calendar.py``: a finished past year, the current year in its
recognition phase, next year's registration), opened by the demo administrator through
the same service as the page, each on the day its year would have been set up."""

import datetime

from apps.accounts.models import User
from apps.core.demo.calendar import LOCAL, story_calendar
from apps.cycles.models import Cycle
from apps.cycles.services import cycle_create
from apps.units.models import Unit


def step_cycles() -> str:
    province = Unit.objects.get(code="P40")
    admin = User.objects.get(username="quantri")
    calendar = story_calendar(province)
    opened = []
    for year in calendar.years:
        if not Cycle.objects.filter(province=province, year=year).exists():
            set_up = datetime.datetime(year - 1, 12, 1, 8, tzinfo=LOCAL)
            cycle_create(province=province, year=year, by=admin, now=min(set_up, calendar.now))
            opened.append(str(year))
    return f"Cycles of {province.name}: opened {', '.join(opened) or 'none (already there)'}"


DEMO_STEPS = [step_cycles]

"""Demo data for ``manage.py load_demo_data``: Nghệ An's cycles for this year and the
next (so the registration deadline of 30/3 can still be tried), opened by the demo
administrator through the same service as the page."""

from apps.accounts.models import User
from apps.cycles.models import Cycle
from apps.cycles.selectors import local_today
from apps.cycles.services import cycle_create
from apps.units.models import Unit


def step_cycles() -> str:
    province = Unit.objects.get(code="P40")
    admin = User.objects.get(username="quantri")
    this_year = local_today().year
    opened = []
    for year in (this_year, this_year + 1):
        if not Cycle.objects.filter(province=province, year=year).exists():
            cycle_create(province=province, year=year, by=admin)
            opened.append(str(year))
    return f"Cycles of {province.name}: opened {', '.join(opened) or 'none (already there)'}"


DEMO_STEPS = [step_cycles]

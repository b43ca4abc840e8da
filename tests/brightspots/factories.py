"""Factories for cycles, criteria sets and bright spots (other apps' tests import them).

Plain functions with sensible defaults: ``make_bright_spot(unit)`` is enough for most
tests; everything it needs (cycle, criteria set, creator, registration list) is made
on the fly.
"""

import datetime

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, PlanActivity, RegistrationList
from apps.criteria.models import CriteriaSet
from apps.cycles.models import Cycle
from apps.cycles.process import current_process
from tests.factories import UserFactory
from tests.kinds import BrightSpotKind

ALL_KINDS = [BrightSpotKind.QCDC, BrightSpotKind.DVCQ, BrightSpotKind.DVK]


def province_of(unit):
    """The root of ``unit``'s tree (its province)."""
    return type(unit).objects.get(path=unit.path[: unit.steplen])


def make_cycle(province, year: int = 2026, **dates) -> Cycle:
    """The province's cycle for ``year`` (guidance defaults: 30/3, 15/6, 15/10–30/11)."""
    values = {**current_process(province).default_dates(year), **dates}
    cycle, _ = Cycle.objects.get_or_create(province=province, year=year, defaults=values)
    return cycle


def make_criteria_set(*, kinds=None, province=None, code="test-set", version=1, **fields):
    """A criteria set covering ``kinds`` (default: all three kinds)."""
    return CriteriaSet.objects.create(
        code=code,
        version=version,
        name=fields.pop("name", f"Bộ tiêu chí {code}"),
        province=province,
        kinds=list(kinds or ALL_KINDS),
        **fields,
    )


def _default_criteria_set():
    found = CriteriaSet.objects.filter(code="test-set").order_by("-version").first()
    return found or make_criteria_set()


def make_bright_spot(
    unit,
    *,
    cycle=None,
    kind=BrightSpotKind.QCDC,
    status=BrightSpotStatus.DRAFT,
    name=None,
    created_by=None,
    activities=1,
    **fields,
) -> BrightSpot:
    """A bright spot of ``unit`` in its province's cycle (made if missing), in the
    unit's registration list, with ``activities`` dated activities inside the year."""
    cycle = cycle or make_cycle(province_of(unit))
    registration_list, _ = RegistrationList.objects.get_or_create(unit=unit, cycle=cycle)
    spot = BrightSpot.objects.create(
        unit=unit,
        cycle=cycle,
        kind=kind,
        status=status,
        name=name or f"Điểm sáng {kind} của {unit.name}",
        address=fields.pop("address", f"Trụ sở {unit.name}"),
        criteria_set=fields.pop("criteria_set", None) or _default_criteria_set(),
        registration_list=registration_list,
        created_by=created_by or UserFactory(),
        **fields,
    )
    for number in range(activities):
        PlanActivity.objects.create(
            bright_spot=spot,
            description=f"Hoạt động {number + 1}",
            start_date=datetime.date(cycle.year, 4, 1),
            end_date=datetime.date(cycle.year, 6, 30),
            order=number,
        )
    return spot

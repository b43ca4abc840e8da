"""Factories for criteria sets with groups and criteria, and a bright spot that uses
a set (which freezes it)."""

from apps.brightspots.enums import BrightSpotKind
from apps.brightspots.models import BrightSpot
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from tests.cycles.factories import make_cycle
from tests.factories import UserFactory


def make_criteria_set(
    *,
    province=None,
    code="bo-tieu-chi-thu",
    version=1,
    kinds=(BrightSpotKind.QCDC, BrightSpotKind.DVCQ),
    criteria=2,
    **fields,
) -> CriteriaSet:
    """A set with one group applying to all its ``kinds`` and ``criteria`` criteria."""
    criteria_set = CriteriaSet.objects.create(
        code=code,
        version=version,
        name=fields.pop("name", f"Bộ tiêu chí {code}"),
        province=province,
        kinds=list(kinds),
        **fields,
    )
    group = CriterionGroup.objects.create(
        criteria_set=criteria_set, number="1", title="Tiêu chí chung", kinds=list(kinds), order=1
    )
    for n in range(1, criteria + 1):
        Criterion.objects.create(group=group, number=f"1.{n}", text=f"Tiêu chí số {n}", order=n)
    return criteria_set


def use_criteria_set(criteria_set, unit, *, cycle=None) -> BrightSpot:
    """A draft bright spot of ``unit`` judged by ``criteria_set`` (freezes the set)."""
    province = type(unit).objects.get(path=unit.path[: unit.steplen])
    cycle = cycle or province.cycles.first() or make_cycle(province)
    return BrightSpot.objects.create(
        unit=unit,
        cycle=cycle,
        kind=criteria_set.kinds[0],
        name=f"Điểm sáng của {unit.name}",
        address=f"Trụ sở {unit.name}",
        criteria_set=criteria_set,
        created_by=UserFactory(),
    )

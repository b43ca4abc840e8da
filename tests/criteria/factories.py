"""Factories for criteria sets with groups and criteria, and a bright spot that uses
a set (which freezes it)."""

import importlib

from django.apps import apps as django_apps

from apps.brightspots.models import BrightSpot
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from tests.cycles.factories import make_cycle
from tests.factories import UserFactory
from tests.kinds import BrightSpotKind


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


def load_guidance_sets() -> CriteriaSet:
    """The sets of data migration 0003 (Nghệ An 2022 and its Dân vận khéo companion),
    loaded again if missing: a transactional test flushes every table, and with
    --reuse-db the next run starts without them. Returns the "nghe-an-2022" set."""
    seed = importlib.import_module("apps.criteria.migrations.0003_nghe_an_2022")
    seed.load(django_apps, None)
    return CriteriaSet.objects.get(code="nghe-an-2022", version=1)

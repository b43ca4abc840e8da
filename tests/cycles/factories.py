"""Factories for yearly cycles and deadline extensions (rows written directly; the
services are tested on their own)."""

import datetime

from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from tests.factories import UserFactory


def make_cycle(province, year: int = 2026, **dates) -> Cycle:
    """``province``'s cycle for ``year`` with the guidance's default dates."""
    return Cycle.objects.create(
        province=province, year=year, **{**Cycle.default_dates(year), **dates}
    )


def make_extension(
    cycle,
    unit,
    *,
    deadline=DeadlineKind.REGISTRATION,
    new_date: datetime.date | None = None,
    reason="Đơn vị mới sáp nhập",
    granted_by=None,
) -> DeadlineExtension:
    return DeadlineExtension.objects.create(
        cycle=cycle,
        unit=unit,
        deadline=deadline,
        new_date=new_date or cycle.deadline(deadline) + datetime.timedelta(days=6),
        reason=reason,
        granted_by=granted_by or UserFactory(),
    )

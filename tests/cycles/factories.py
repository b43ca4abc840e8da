"""Factories for yearly cycles and deadline extensions (rows written directly; the
services are tested on their own)."""

import datetime
import json

from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension, ProcessVersion
from apps.cycles.process import DEFAULT_PROCESS_FILE, current_process, process_load
from tests.factories import UserFactory


def make_cycle(province, year: int = 2026, **dates) -> Cycle:
    """``province``'s cycle for ``year`` with its process's default dates."""
    defaults = current_process(province).default_dates(year)
    return Cycle.objects.create(province=province, year=year, **{**defaults, **dates})


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


def default_process_data() -> dict:
    """The default process (Nghệ An's) as its file writes it, to change and load."""
    return json.loads(DEFAULT_PROCESS_FILE.read_text(encoding="utf-8"))


def cover_kinds(data: dict) -> None:
    """An active criteria set covering every kind of ``data`` that none covers yet (a
    test that emptied the tables has lost the migration's sets)."""
    from apps.criteria.models import CriteriaSet

    covered = {
        k
        for kinds in CriteriaSet.objects.filter(is_active=True).values_list("kinds", flat=True)
        for k in kinds
    }
    missing = [row["code"] for row in data["kinds"] if row["code"] not in covered]
    if missing:
        code = f"test-cover-{CriteriaSet.objects.count() + 1}"
        CriteriaSet.objects.create(code=code, name=code, kinds=missing)


def make_process(province, change=None) -> ProcessVersion:
    """A published version of ``province``'s own process: the default one, passed
    through ``change(data)`` (which edits the dict in place) first, its kinds covered by
    criteria sets."""
    data = default_process_data()
    if change is not None:
        change(data)
    cover_kinds(data)
    return process_load(data, province=province)


def pin(cycle, version: ProcessVersion) -> Cycle:
    """Pin a cycle just made to ``version`` (before anything has read its process)."""
    Cycle.objects.filter(pk=cycle.pk).update(process=version)
    cycle.process = version
    return cycle

from __future__ import annotations

from typing import TYPE_CHECKING

from apps.criteria.models import CriteriaSet, Criterion

if TYPE_CHECKING:
    from apps.units.models import Unit


def criteria_for(*, criteria_set: CriteriaSet, kind: str):
    """The criteria of ``criteria_set`` that apply to bright spots of ``kind``, in
    checklist order, with their groups (one query)."""
    return (
        Criterion.objects.filter(group__criteria_set=criteria_set, group__kinds__contains=[kind])
        .select_related("group")
        .order_by("group__order", "order")
    )


def criteria_sets_offered(*, province: Unit, kind: str):
    """Active sets a new bright spot of ``kind`` in ``province`` may be judged by:
    shared sets and the province's own, newest version first."""
    return CriteriaSet.objects.offered(province=province, kind=kind).order_by("code", "-version")

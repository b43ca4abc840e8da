from apps.criteria.models import Criterion


def criteria_for(*, criteria_set, kind: str):
    """The criteria of ``criteria_set`` that apply to bright spots of ``kind``, in
    checklist order, with their groups (one query)."""
    return (
        Criterion.objects.filter(group__criteria_set=criteria_set, group__kinds__contains=[kind])
        .select_related("group")
        .order_by("group__order", "order")
    )

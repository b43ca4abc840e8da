"""Offering a criteria set version for new bright spots, declared once. A set has no
status field: whether it is offered (``is_active``) is its state, and publishing and
withdrawing are the two steps between. ``services.criteria_set_publish`` and
``criteria_set_withdraw`` take them through ``apps.core.workflow.transition``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.workflow import Step, Workflow
from apps.criteria.models import CriteriaSet, Criterion

OFFERED, NOT_OFFERED = True, False
# Which state may follow which (the audit trail records them as "True" / "False").
OFFER_TRANSITIONS: dict[bool, set[bool]] = {NOT_OFFERED: {OFFERED}, OFFERED: {NOT_OFFERED}}


def _publish_blocker(criteria_set: CriteriaSet, now) -> str:
    if not Criterion.objects.filter(group__criteria_set=criteria_set).exists():
        return _("Add at least one criterion before publishing.")
    return ""


def _state_message(criteria_set: CriteriaSet) -> str:
    if criteria_set.is_active:
        return _("This version is already offered for new bright spots.")
    return _("This version is not offered for new bright spots.")


def lock_versions(criteria_set: CriteriaSet) -> CriteriaSet:
    """Lock every version of the set's code (publishing one withdraws the others) and
    return this one."""
    versions = list(
        CriteriaSet.objects.select_for_update(of=("self",))
        .select_related("province")
        .filter(code=criteria_set.code)
        .order_by("pk")
    )
    return next(v for v in versions if v.pk == criteria_set.pk)


CRITERIA_SET_WORKFLOW = Workflow(
    model=CriteriaSet,
    namespace="criteria",
    field="is_active",
    steps=[
        Step(
            "publish",
            {NOT_OFFERED: OFFERED},
            rule="criteria.change",
            blocker=_publish_blocker,
            label=gettext_lazy("Publish this version"),
            confirm=gettext_lazy(
                "Offer this version for new bright spots (other versions stop being offered)?"
            ),
            done=gettext_lazy(
                "This version is now offered for new bright spots; other versions are withdrawn."
            ),
        ),
        Step(
            "withdraw",
            {OFFERED: NOT_OFFERED},
            rule="criteria.change",
            label=gettext_lazy("Stop offering"),
            confirm=gettext_lazy("Stop offering this set for new bright spots?"),
            done=gettext_lazy("This version is no longer offered for new bright spots."),
        ),
    ],
    transitions=OFFER_TRANSITIONS,
    state_message=_state_message,
    not_permitted=gettext_lazy("You may not change this criteria set."),
    lock=lock_versions,
    audit_prefix="criteria_set_",
)

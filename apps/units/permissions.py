from apps.accounts.enums import ALL_ROLES, Role
from apps.accounts.permissions import get_object_in_reach_or_404, has_role, reach_q, rule
from apps.units.models import Unit


@rule("units.view")
def can_view_unit(user, unit) -> bool:
    return has_role(user, ALL_ROLES, unit)


@rule("units.manage")
def can_manage_unit(user, unit) -> bool:
    return has_role(user, Role.ADMIN, unit)


def units_visible_to(user):
    """Units in the user's reach for any role (one query)."""
    return Unit.objects.filter(reach_q(user, ALL_ROLES, unit_field=""))


def unit_in_reach_or_404(user, pk: int | None) -> Unit | None:
    """The unit of a ``?unit=`` filter: None when not given, 404 outside the user's
    reach (a filter must not show the name of a unit the user may not see)."""
    if pk is None:
        return None
    return get_object_in_reach_or_404(Unit.objects.all(), user, "units.view", pk=pk)

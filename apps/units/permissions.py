from apps.accounts.enums import ALL_ROLES, Role
from apps.accounts.permissions import has_role, reach_q, rule
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

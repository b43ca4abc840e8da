"""Who may read and edit criteria sets.

Everyone logged in reads every set (they are public guidance). A province's set is
edited by the province's administrators; a shared set (no province, such as the
Nghệ An 2022 guidance loaded by migration) only by a superuser, so one province
cannot change what another judges by. Whether a set is frozen (in use) is a state,
checked by the services, not a permission.
"""

from apps.accounts.enums import Role
from apps.accounts.permissions import administers_province, has_role, is_superuser, reach_q, rule
from apps.units.models import Unit


def can_manage_for(user, province) -> bool:
    """May ``user`` administer criteria sets of ``province`` (None: shared sets)?"""
    if province is None:
        return is_superuser(user)
    return province.depth == 1 and has_role(user, Role.ADMIN, province)


@rule("criteria.view")
def can_view_criteria(user, criteria_set=None) -> bool:
    return True  # any active, logged-in user (``can`` has checked that)


@rule("criteria.create")
def can_create_criteria_set(user, _obj=None) -> bool:
    """Administrators of a province (and superusers) create sets."""
    return administers_province(user)


@rule("criteria.change")
def can_change_criteria_set(user, criteria_set) -> bool:
    return can_manage_for(user, criteria_set.province)


def provinces_for_criteria(user):
    """Provinces whose sets the user may create (tree roots, one query)."""
    return Unit.get_root_nodes().filter(reach_q(user, Role.ADMIN, unit_field=""))

from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser, memberships, rule


@rule("operations.view")
def can_view_operations(user, obj=None) -> bool:
    """The operations page: superusers and the administrators of a province (the
    province node itself, not of a unit inside it)."""
    return is_superuser(user) or any(
        m.role == Role.ADMIN and m.unit.depth == 1 for m in memberships(user)
    )

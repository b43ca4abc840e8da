from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser, memberships, rule


def _province_admin(user, unit=None) -> bool:
    """An administrator of a province (the province node itself) and, given ``unit``,
    of ``unit``'s province; superusers everywhere."""
    return is_superuser(user) or any(
        m.role == Role.ADMIN
        and m.unit.depth == 1
        and (unit is None or unit.path.startswith(m.unit.path))
        for m in memberships(user)
    )


@rule("history.import")
def can_import_history(user, obj=None) -> bool:
    """Import past years' paper records (rows then limited to the units administered)."""
    return _province_admin(user)


@rule("history.merge_units")
def can_merge_units(user, unit=None) -> bool:
    """Merge old units into ``unit`` (the page itself when None)."""
    return _province_admin(user, unit)

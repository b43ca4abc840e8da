from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser, memberships, rule


@rule("help.edit_contact")
def can_edit_contact(user, province=None) -> bool:
    """Keep ``province``'s support contact up to date: its administrators."""
    if province is None or province.depth != 1:
        return False
    return is_superuser(user) or any(
        m.role == Role.ADMIN and m.unit.pk == province.pk for m in memberships(user)
    )

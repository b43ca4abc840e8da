from apps.accounts.enums import Role
from apps.accounts.permissions import has_role, rule


@rule("help.edit_contact")
def can_edit_contact(user, province=None) -> bool:
    """Keep ``province``'s support contact up to date: its administrators (at the
    province node), as its process rules."""
    return province is not None and province.depth == 1 and has_role(user, Role.ADMIN, province)

from apps.accounts.enums import Role
from apps.accounts.permissions import holds_role_anywhere, rule


@rule("reminders.view_log")
def can_view_reminder_log(user, obj=None) -> bool:
    """Administrators see the reminders sent about the units they administer."""
    return holds_role_anywhere(user, Role.ADMIN)

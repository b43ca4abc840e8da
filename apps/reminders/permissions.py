from django.db.models import QuerySet

from apps.accounts.enums import Role
from apps.accounts.permissions import holds_role_anywhere, reach_q, rule
from apps.reminders.models import ReminderLog


@rule("reminders.view_log")
def can_view_reminder_log(user, obj=None) -> bool:
    """Administrators see the reminders sent about the units they administer."""
    return holds_role_anywhere(user, Role.ADMIN)


def reminder_logs_visible_to(user) -> QuerySet:
    """Reminders sent about units the user administers."""
    return ReminderLog.objects.filter(reach_q(user, Role.ADMIN, unit_field="unit"))

from apps.accounts.permissions import rule


@rule("notifications.set_preferences")
def can_set_preferences(user, owner=None) -> bool:
    """How a person is told is theirs alone to choose."""
    return owner is not None and owner.pk == user.pk

from apps.accounts.permissions import administers_province, rule


@rule("operations.view")
def can_view_operations(user, obj=None) -> bool:
    """The operations page: superusers and the administrators of a province (the
    province node itself, not of a unit inside it)."""
    return administers_province(user)

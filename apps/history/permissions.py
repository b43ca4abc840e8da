from apps.accounts.permissions import administers_province, rule


@rule("history.import")
def can_import_history(user, obj=None) -> bool:
    """Import past years' paper records (rows then limited to the units administered)."""
    return administers_province(user)


@rule("history.merge_units")
def can_merge_units(user, unit=None) -> bool:
    """Merge old units into ``unit`` (the page itself when None)."""
    return administers_province(user, unit)

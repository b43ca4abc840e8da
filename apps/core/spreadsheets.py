"""Spreadsheet cells that stay text: a cell starting with one of FORMULA_STARTS runs as
a formula in spreadsheet programs (OWASP "CSV injection"), and django-import-export only
guards a leading "=". Every export of the portal goes through here."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def escape_formula(value):
    """``value`` with a leading quote when a spreadsheet would run it; other values
    (numbers, dates, plain text) unchanged."""
    return "'" + value if looks_like_formula(value) else value

"""Text folded for search: lower case without Vietnamese diacritics, so "diem sang"
finds "Điểm Sáng". ``fold`` folds in Python (what the user typed, a row's
``search_text``); ``folded`` is the same folding as a database expression, immutable, so
a generated column can keep it (``Unit.search_name``) and no query unaccents row by row.
"""

import unicodedata

from django.db.models import F, Func, Value
from django.db.models.functions import Lower


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics: "Điểm sáng" → "diem sang"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _translation() -> tuple[str, str]:
    """Every precomposed Latin letter whose fold is one plain letter, mapped to it, then
    the combining marks (a decomposed name), which ``translate`` drops."""
    letters = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))]
    pairs = [(c, fold(c)) for c in letters if len(fold(c)) == 1 and fold(c).isascii()]
    pairs = [(c, plain) for c, plain in pairs if plain != c]
    marks = "".join(chr(c) for c in range(0x300, 0x370))
    return "".join(c for c, _ in pairs) + marks, "".join(plain for _, plain in pairs)


FOLD_FROM, FOLD_TO = _translation()


def folded(field: str) -> Func:
    """``fold`` of ``field`` in SQL: ``lower(translate(field, FOLD_FROM, FOLD_TO))``.
    Immutable (no unaccent dictionary), so it may define a generated column. Unlike
    ``fold`` it keeps surrounding spaces, which a ``contains`` lookup ignores."""
    return Lower(Func(F(field), Value(FOLD_FROM), Value(FOLD_TO), function="translate"))

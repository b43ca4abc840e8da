from django.db import models
from django.db.models import Q

from apps.core import params


class CycleQuerySet(models.QuerySet):
    def search(self, text: str) -> "CycleQuerySet":
        """Province name without diacritics ("nghe an" finds "Nghệ An"), or a year."""
        text = (text or "").strip()
        if not text:
            return self
        if (year := params.number(text, params.YEAR)) is not None:
            return self.filter(year=year)
        return self.filter(Q(province__name__unaccent__icontains=text))

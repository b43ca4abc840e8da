from django.db import models
from django.db.models import Q


class CycleQuerySet(models.QuerySet):
    def search(self, text: str) -> "CycleQuerySet":
        """Province name without diacritics ("nghe an" finds "Nghệ An"), or a year."""
        text = (text or "").strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(year=int(text))
        return self.filter(Q(province__name__unaccent__icontains=text))

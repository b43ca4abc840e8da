from django.db import models
from django.db.models import Count, Exists, OuterRef, Q


class CriteriaSetQuerySet(models.QuerySet):
    def search(self, text: str) -> "CriteriaSetQuerySet":
        """Name or code, ignoring case and Vietnamese diacritics."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__unaccent__icontains=text) | Q(code__icontains=text))

    def with_usage(self) -> "CriteriaSetQuerySet":
        """Annotate ``in_use`` (a bright spot uses the set: it is frozen) and
        ``criteria_count``."""
        spots = self.model._meta.get_field("bright_spots").related_model.objects
        return self.annotate(
            in_use=Exists(spots.filter(criteria_set=OuterRef("pk"))),
            criteria_count=Count("groups__criteria"),
        )

    def offered(self, *, province, kind: str) -> "CriteriaSetQuerySet":
        """Active sets covering ``kind``, shared (no province) or the province's own."""
        return self.filter(is_active=True, kinds__contains=[kind]).filter(
            Q(province__isnull=True) | Q(province=province)
        )

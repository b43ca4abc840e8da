from django.db import models
from django.db.models import Count, Q

from apps.core import params
from apps.decisions.enums import DecisionStatus


class DecisionQuerySet(models.QuerySet):
    def for_list(self) -> "DecisionQuerySet":
        """What the list page shows, in a fixed number of queries. The model's order is
        restated: Django drops it from a query with an aggregate, and pages of an
        unordered list may repeat or skip decisions."""
        return (
            self.select_related("authority")
            .annotate(item_count=Count("items", distinct=True))
            .order_by(*self.model._meta.ordering)
        )

    def search(self, text: str) -> "DecisionQuerySet":
        """By number label, summary or authority, ignoring diacritics."""
        text = (text or "").strip()
        if not text:
            return self
        query = Q(title__unaccent__icontains=text) | Q(authority__name__unaccent__icontains=text)
        number = params.number(text.split("/", 1)[0], params.INTEGER)
        if number is not None:
            query |= Q(number=number)
        return self.filter(query)

    def issued(self) -> "DecisionQuerySet":
        return self.filter(status=DecisionStatus.ISSUED)


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> "CertificateQuerySet":
        """Certificates of issued decisions that were not revoked."""
        return self.filter(is_revoked=False, decision__status=DecisionStatus.ISSUED)

    def for_print(self) -> "CertificateQuerySet":
        """With the decision and the bright spot (whose year's process names the kind)."""
        return self.select_related("decision", "decision__authority", "bright_spot").order_by(
            "serial"
        )

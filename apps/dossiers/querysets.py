from datetime import timedelta

from django.db import models
from django.utils import timezone

from apps.dossiers.enums import AWAITING_APPRAISAL, DossierStatus


class DossierQuerySet(models.QuerySet):
    def for_list(self) -> "DossierQuerySet":
        """What a list row shows: the bright spot, its unit and cycle (one query)."""
        return self.select_related("bright_spot__unit", "bright_spot__cycle")

    def for_queue(self) -> "DossierQuerySet":
        """``for_list`` limited to the columns a queue row shows (no long texts)."""
        return self.for_list().only(
            "status",
            "state_changed_at",
            "bright_spot__name",
            "bright_spot__kind",
            "bright_spot__unit__name",
            "bright_spot__unit__path",
            "bright_spot__cycle__year",
        )

    def in_subtree(self, unit) -> "DossierQuerySet":
        return self.filter(bright_spot__unit__path__startswith=unit.path)

    def awaiting_appraisal(self) -> "DossierQuerySet":
        return self.filter(status__in=AWAITING_APPRAISAL)

    def proposed(self) -> "DossierQuerySet":
        return self.filter(status=DossierStatus.PROPOSED)

    def waiting_at_least(self, days: int, now=None) -> "DossierQuerySet":
        """In their current state for ``days`` whole days or more."""
        return self.filter(state_changed_at__lte=(now or timezone.now()) - timedelta(days=days))

    def search(self, text: str) -> "DossierQuerySet":
        """Bright spot (name, address) or unit name, ignoring case and Vietnamese
        diacritics: the bright spot's folded ``search_text`` column and the unit's
        folded ``search_name``, rather than unaccenting every row."""
        from apps.core.folding import fold

        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            models.Q(bright_spot__search_text__contains=folded)
            | models.Q(bright_spot__unit__search_name__contains=folded)
        )

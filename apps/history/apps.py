from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    """Pages that bring the past in: paper records of past years, merged units."""

    name = "apps.history"
    verbose_name = _("History")

    def ready(self):
        from apps.history import permissions  # noqa: F401  (registers the rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "apps.scoring"
    verbose_name = _("Scoring of units")

    def ready(self):
        from apps.scoring import permissions  # noqa: F401  (registers the rules)

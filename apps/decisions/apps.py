from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "apps.decisions"
    verbose_name = _("Recognition decisions")

    def ready(self):
        from apps.decisions import permissions  # noqa: F401  (registers the rules)

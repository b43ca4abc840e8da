from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    verbose_name = _("Reports")

    def ready(self):
        from apps.reports import permissions  # noqa: F401  (registers the rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "apps.units"
    verbose_name = _("Units")

    def ready(self):
        from apps.units import permissions  # noqa: F401  (registers rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrightSpotsConfig(AppConfig):
    name = "apps.brightspots"
    verbose_name = _("Bright spots")

    def ready(self):
        from apps.brightspots import permissions  # noqa: F401  (registers rules)

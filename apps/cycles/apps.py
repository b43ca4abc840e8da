from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "apps.cycles"
    verbose_name = _("Yearly cycles")

    def ready(self):
        from apps.cycles import permissions  # noqa: F401  (registers rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "apps.dossiers"
    verbose_name = _("Recognition dossiers")

    def ready(self):
        from apps.dossiers import permissions  # noqa: F401  (registers rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "apps.help"
    verbose_name = _("Help")

    def ready(self):
        from apps.help import permissions  # noqa: F401  (registers the rules)

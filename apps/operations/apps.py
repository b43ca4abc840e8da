from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "apps.operations"
    verbose_name = _("Operations")

    def ready(self):
        from apps.operations import permissions, runs  # noqa: F401  (rules, task signals)

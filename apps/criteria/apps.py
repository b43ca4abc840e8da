from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "apps.criteria"
    verbose_name = _("Criteria sets")

    def ready(self):
        from apps.criteria import permissions  # noqa: F401  (registers rules)

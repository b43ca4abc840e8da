from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (Decree 13/2023/NĐ-CP): the privacy notice and "my data"."""

    name = "apps.privacy"
    verbose_name = _("Personal data")

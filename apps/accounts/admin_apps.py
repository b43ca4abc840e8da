from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Loaded at app-registry time, so it must not import models."""

    default_site = "apps.accounts.admin_site.PortalAdminSite"

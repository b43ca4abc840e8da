from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportContact(models.Model):
    """Whom a province's users call or write to for help with the portal (its Ban Dân
    vận's office, as a rule): shown on the help page to that province's people and to
    visitors."""

    province = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="support_contact"
    )
    office = models.CharField(_("office"), max_length=255)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    hours = models.CharField(_("working hours"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")

    def __str__(self):
        return self.office

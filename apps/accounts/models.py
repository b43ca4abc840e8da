import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.enums import Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Set with the person's confirmed authenticator (apps/accounts/two_factor.py), so
    # the middleware knows without a query whether a code is owed.
    two_factor_enabled = models.BooleanField(_("two-factor login on"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name()


def in_force_q(today: datetime.date, prefix: str = "") -> Q:
    """Memberships in force on ``today`` (an open start or end counts as in force).
    ``prefix`` is the lookup to the Membership ("memberships" from User)."""
    at = f"{prefix}__" if prefix else ""
    return (Q(**{f"{at}starts_on__isnull": True}) | Q(**{f"{at}starts_on__lte": today})) & (
        Q(**{f"{at}ends_on__isnull": True}) | Q(**{f"{at}ends_on__gte": today})
    )


class MembershipQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date):
        return self.filter(in_force_q(today))


class Membership(models.Model):
    """A role held by a user in a unit from ``starts_on`` to ``ends_on`` (both days
    included; empty = open); it reaches the unit's subtree while in force."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # The same role again in the same unit is a new period (a later start).
            models.UniqueConstraint(
                fields=["user", "unit", "role", "starts_on"],
                name="membership_unique_role_period",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message=_("A role cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

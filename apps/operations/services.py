"""The periodic operations check: e-mail the operators once per problem."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.enums import Role
from apps.accounts.models import User, in_force_q
from apps.notifications.services import notify
from apps.operations.checks import BAD, Check, operations_checks
from apps.operations.models import Alert


def operators(*, today: datetime.date) -> QuerySet:
    """Who is told: active superusers and the administrators of a province (their role
    in force on ``today``)."""
    province_admin = Q(
        in_force_q(today, "memberships"),
        memberships__role=Role.ADMIN,
        memberships__unit__depth=1,
        memberships__unit__is_active=True,
    )
    return (
        User.objects.filter(is_active=True).filter(Q(is_superuser=True) | province_admin).distinct()
    )


def operations_alert(*, now: datetime.datetime) -> dict[str, list[str]]:
    """Run every check. A check that turned red opens an alert and e-mails the
    operators (one notification and e-mail each, in the alert's transaction); one
    already open is not told again; an open alert whose check is no longer red is
    resolved, so the same problem coming back is told again. Two runs at once open
    one alert (a partial unique index). Returns the keys {"opened", "resolved"}."""
    with translation.override(settings.LANGUAGE_CODE):
        checks = operations_checks(now=now)
    red = {check.key: check for check in checks if check.tone == BAD}
    opened = [key for key, check in red.items() if _open(check, now)]
    open_alerts = Alert.objects.filter(resolved_at__isnull=True).exclude(key__in=red)
    resolved = list(open_alerts.values_list("key", flat=True))
    open_alerts.filter(key__in=resolved).update(resolved_at=now)
    return {"opened": opened, "resolved": resolved}


def _open(check: Check, now: datetime.datetime) -> bool:
    try:
        with transaction.atomic():
            alert = Alert.objects.create(key=check.key, message=check.explanation, opened_at=now)
            notify(
                users=operators(today=timezone.localdate(now)),
                template="operations_alert",
                context={"check": check},
                path=reverse("operations:status"),
                dedupe_key=f"operations-alert:{alert.pk}",
            )
    except IntegrityError:  # already open: its operators were told when it opened
        return False
    return True

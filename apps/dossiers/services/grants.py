"""Single-dossier appraisal grants (django-guardian object permissions)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.enums import Role
from apps.accounts.permissions import can, holds_role_anywhere
from apps.core.services import audit_record
from apps.core.workflow import ConflictOfInterest, NotPermitted, Refused
from apps.dossiers.models import APPRAISE_PERMISSION
from apps.dossiers.permissions import has_conflict_of_interest
from apps.dossiers.selectors import granted_appraisers
from apps.notifications.services import notify

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.dossiers.models import Dossier


# ---------------------------------------------------------------- single-dossier grants


def _check_grantor(dossier, by) -> None:
    if not can(by, "dossiers.grant", dossier):
        raise NotPermitted(_("You may not assign appraisers to this dossier."))


def dossier_grant_appraiser(
    *, dossier: Dossier, appraiser: User, by: User, now: datetime.datetime | None = None
) -> None:
    """Let ``appraiser`` (an appraiser elsewhere) appraise this one dossier
    (django-guardian object grant). Refused for one who wrote, leads or sent the
    bright spot (``conflict_of_interest``). Notifies the appraiser."""
    from guardian.shortcuts import assign_perm

    _check_grantor(dossier, by)
    if not holds_role_anywhere(appraiser, Role.APPRAISER):
        raise Refused(_("Only an appraiser can be assigned."), code="not_appraiser")
    if has_conflict_of_interest(appraiser, dossier):
        raise ConflictOfInterest(
            _("%(name)s wrote, leads or sent this bright spot (conflict of interest).")
            % {"name": appraiser},
            code="conflict",
        )
    with transaction.atomic():
        assign_perm(APPRAISE_PERMISSION, appraiser, dossier)
        audit_record(
            actor=by,
            target=dossier,
            action="dossier_grant",
            data={"appraiser": appraiser.pk},
            at=now,
        )
        notify(
            users=[appraiser],
            template="dossier_granted",
            context={"dossier": dossier, "bright_spot": dossier.bright_spot, "actor": by},
            path=dossier.get_absolute_url(),
        )


def dossier_revoke_appraiser(
    *, dossier: Dossier, appraiser: User, by: User, now: datetime.datetime | None = None
) -> None:
    """Remove a single-dossier grant; refused when ``appraiser`` holds none."""
    from guardian.shortcuts import remove_perm

    _check_grantor(dossier, by)
    if appraiser not in granted_appraisers(dossier=dossier):
        raise Refused(_("%(name)s holds no grant on this dossier.") % {"name": appraiser})
    with transaction.atomic():
        remove_perm(APPRAISE_PERMISSION, appraiser, dossier)
        audit_record(
            actor=by,
            target=dossier,
            action="dossier_revoke",
            data={"appraiser": appraiser.pk},
            at=now,
        )

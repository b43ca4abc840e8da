"""One storage quota per unit and year, across every file the unit uploads (progress
updates and dossiers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.brightspots.models import ProgressAttachment, RegistrationList
from apps.core.workflow import Refused

if TYPE_CHECKING:
    from apps.brightspots.models import BrightSpot


def upload_space_reserve(*, bright_spot: BrightSpot, size: int) -> None:
    """Refuse ``size`` more bytes when the unit's files of the year would pass the
    cycle's quota. Call inside the upload's transaction, before writing the row: the
    unit's registration list of the year is locked, so two uploads at once are counted
    one after the other and cannot both slip under the quota."""
    RegistrationList.objects.select_for_update().filter(
        unit_id=bright_spot.unit_id, cycle_id=bright_spot.cycle_id
    ).exists()
    used = _stored(bright_spot.unit_id, bright_spot.cycle_id)
    quota = bright_spot.cycle.upload_quota_bytes
    if used + size > quota:
        raise Refused(
            _(
                "Your unit has used %(used)s MB of its %(quota)s MB for files this year; "
                "this file (%(size)s MB) does not fit. Remove files you no longer need or "
                "ask the administrator for more space."
            )
            % {"used": _mb(used), "quota": _mb(quota), "size": _mb(size)},
            code="quota",
        )


def _stored(unit_id: int, cycle_id: int) -> int:
    # Dossiers depend on bright spots, not the other way round: their model is looked
    # up by name.
    attachment = apps.get_model("dossiers", "Attachment")
    progress = ProgressAttachment.objects.filter(
        update__bright_spot__unit_id=unit_id, update__bright_spot__cycle_id=cycle_id
    ).aggregate(total=Sum("size"))["total"]
    dossiers = attachment.objects.filter(
        dossier__bright_spot__unit_id=unit_id, dossier__bright_spot__cycle_id=cycle_id
    ).aggregate(total=Sum("size"))["total"]
    return (progress or 0) + (dossiers or 0)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")

"""The six-month progress update and the unit's directive to its subordinate units."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.brightspots.models import BrightSpot, Directive, ProgressAttachment, ProgressUpdate
from apps.brightspots.services.quota import upload_space_reserve
from apps.brightspots.workflow import SPOT_WORKFLOW, check_progress
from apps.core.services import audit_record
from apps.core.uploads import validate_upload
from apps.core.workflow import NotPermitted, require_text, transition
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.selectors import deadline_status
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile


# ---------------------------------------------------------------- progress and directives


def progress_update_submit(
    *,
    bright_spot: BrightSpot,
    by: User,
    text: str,
    files: Iterable[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> ProgressUpdate:
    """The unit's six-month (15/6) update on an acknowledged bright spot.

    Refused unless ``by`` is an officer of the unit, the spot is acknowledged or in
    progress, the year's recognition window has not closed, and every file passes the
    upload checks. Effects: the update and its files (under MEDIA_ROOT) are stored,
    marked late after the unit's 15/6 deadline; an acknowledged spot moves to
    in_progress; audit "progress".
    """
    text = require_text(text, _("Describe what was done."))
    names = [validate_upload(upload) for upload in files]
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            BrightSpot.objects.select_for_update(of=("self",))
            .select_related("unit", "cycle")
            .get(pk=bright_spot.pk)
        )
        if not can(by, "brightspots.update_progress", locked):
            raise NotPermitted(SPOT_WORKFLOW.not_permitted)
        check_progress(locked, now)
        is_late = deadline_status(
            cycle=locked.cycle, unit=locked.unit, kind=DeadlineKind.PROGRESS, at=now
        ).is_closed
        upload_space_reserve(bright_spot=locked, size=sum(upload.size for upload in files))
        update = ProgressUpdate.objects.create(
            bright_spot=locked, text=text, is_late=is_late, submitted_by=by, submitted_at=now
        )
        for name, upload in zip(names, files, strict=True):
            attachment = ProgressAttachment(update=update, name=name, size=upload.size)
            attachment.file.save(name, upload, save=True)
        if SPOT_WORKFLOW.step("progress").target(locked.status):
            transition(SPOT_WORKFLOW, locked, verb="progress", by=by, now=now)
        else:
            audit_record(
                actor=by, target=locked, action="progress", from_state=locked.status, at=now
            )
    return update


def directive_record(
    *,
    unit: Unit,
    cycle: Cycle,
    by: User,
    number: str,
    issued_on: datetime.date,
    summary: str,
    now: datetime.datetime | None = None,
) -> Directive:
    """Record (or correct) the unit's document directing its subordinate units to build
    bright spots in ``cycle``'s year. Refused unless ``by`` is an officer or leader of
    the unit. Effects: audit "directive"."""
    if not can(by, "brightspots.record_directive", unit):
        raise NotPermitted(SPOT_WORKFLOW.not_permitted)
    with transaction.atomic():
        directive, created = Directive.objects.update_or_create(
            unit=unit,
            cycle=cycle,
            defaults={
                "number": number.strip(),
                "issued_on": issued_on,
                "summary": summary.strip(),
                "recorded_by": by,
            },
        )
        audit_record(
            actor=by,
            target=directive,
            action="directive" if created else "directive_edit",
            comment=f"{directive.number} ({issued_on:%d/%m/%Y})",
            at=now,
        )
    return directive

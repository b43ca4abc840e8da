"""The six-month progress update and the unit's directive to its subordinate units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, Directive, ProgressAttachment, ProgressUpdate
from apps.brightspots.services.spots import TransitionNotAllowed, _require, _set_state
from apps.core.services import audit_record
from apps.core.uploads import validate_upload
from apps.cycles.enums import DeadlineKind
from apps.cycles.selectors import DeadlineClosed, deadline_status, recognition_window_status

# ---------------------------------------------------------------- progress and directives


def progress_update_submit(*, bright_spot: BrightSpot, by, text: str, files=()) -> ProgressUpdate:
    """The unit's six-month (15/6) update on an acknowledged bright spot.

    Refused unless ``by`` is an officer of the unit, the spot is acknowledged or in
    progress, the year's recognition window has not closed, and every file passes the
    upload checks. Effects: the update and its files (under MEDIA_ROOT) are stored,
    marked late after the unit's 15/6 deadline; an acknowledged spot moves to
    in_progress; audit "progress".
    """
    if not (text or "").strip():
        raise ValidationError({"text": _("Describe what was done.")})
    names = [validate_upload(upload) for upload in files]
    with transaction.atomic():
        locked = (
            BrightSpot.objects.select_for_update(of=("self",))
            .select_related("unit", "cycle")
            .get(pk=bright_spot.pk)
        )
        _require(by, "brightspots.update_progress", locked)
        _refuse_progress(locked)
        is_late = deadline_status(
            cycle=locked.cycle, unit=locked.unit, kind=DeadlineKind.PROGRESS
        ).is_closed
        update = ProgressUpdate.objects.create(
            bright_spot=locked, text=text.strip(), is_late=is_late, submitted_by=by
        )
        for name, upload in zip(names, files, strict=True):
            attachment = ProgressAttachment(update=update, name=name, size=upload.size)
            attachment.file.save(name, upload, save=True)
        if locked.status == BrightSpotStatus.ACKNOWLEDGED:
            _set_state(
                bright_spot=locked, to=BrightSpotStatus.IN_PROGRESS, by=by, action="progress"
            )
        else:
            audit_record(actor=by, target=locked, action="progress", from_state=locked.status)
    bright_spot.status = locked.status
    return update


def _refuse_progress(spot: BrightSpot) -> None:
    if spot.status not in (BrightSpotStatus.ACKNOWLEDGED, BrightSpotStatus.IN_PROGRESS):
        raise TransitionNotAllowed(
            _(
                "Progress is reported on a bright spot its board has acknowledged; "
                "this one is “%(status)s”."
            )
            % {"status": spot.get_status_display()}
        )
    window = recognition_window_status(cycle=spot.cycle, unit=spot.unit)
    if window.is_closed:
        raise DeadlineClosed(
            _("The %(year)s cycle closed on %(date)s; progress can no longer be reported.")
            % {"year": spot.cycle.year, "date": window.closes.strftime("%d/%m/%Y")},
            code="deadline_closed",
        )


def directive_record(*, unit, cycle, by, number: str, issued_on, summary: str) -> Directive:
    """Record (or correct) the unit's document directing its subordinate units to build
    bright spots in ``cycle``'s year. Refused unless ``by`` is an officer or leader of
    the unit. Effects: audit "directive"."""
    _require(by, "brightspots.record_directive", unit)
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
        )
    return directive

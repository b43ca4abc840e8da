"""Editing the dossier's three parts and its attachments, with optimistic locking:
a save based on an older ``lock_version`` is refused, never overwriting."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.permissions import can
from apps.brightspots.services.quota import upload_space_reserve
from apps.core.services import audit_record
from apps.core.uploads import inspect_upload
from apps.core.workflow import NotPermitted, Refused, StaleEdit
from apps.cycles.selectors import local_today
from apps.dossiers.enums import (
    EDITABLE,
    AttachmentPurpose,
    LetterIssuer,
    Level,
    Section,
)
from apps.dossiers.levels import dossier_level, expected_issuer
from apps.dossiers.models import (
    Attachment,
    CriterionAssessment,
    Dossier,
)
from apps.dossiers.selectors import letter_issuing_units
from apps.dossiers.workflow import (
    DOSSIER_WORKFLOW,
    LETTER_FIELDS,
    S,
    check_conflict,
    criteria_rows,
    letter_issuer_refusal,
    lock_dossier,
    write,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile

    from apps.accounts.models import User


def _stale_message(locked) -> str:
    return _(
        "%(who)s changed this dossier at %(when)s, after you opened it. Your changes "
        "were not saved, so nothing of theirs was overwritten: reload the page, then "
        "apply your changes again."
    ) % {
        "who": locked.updated_by,
        "when": timezone.localtime(locked.updated_at).strftime("%H:%M %d/%m/%Y"),
    }


def _lock_for_edit(dossier, *, by, expected_version: int, rule: str, states) -> Dossier:
    locked = lock_dossier(dossier)
    if not can(by, rule, locked):
        raise NotPermitted(_("You may not change this dossier."))
    if locked.lock_version != expected_version:
        raise StaleEdit(_stale_message(locked), code="stale")
    if locked.status not in states:
        raise Refused(DOSSIER_WORKFLOW.state_message(locked), code="state")
    if rule == "dossiers.appraise":
        check_conflict(by, locked)
    return locked


# ---------------------------------------------------------------- editing the three parts


def _clean_score(value, max_score, number: str):
    if value in (None, ""):
        return None
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if max_score is None:
        raise Refused(_("Criterion %(number)s is not scored.") % {"number": number}, code="score")
    if not value.is_finite() or not (0 <= value <= max_score):
        raise Refused(
            _("The score of criterion %(number)s must be between 0 and %(max)s.")
            % {"number": number, "max": max_score},
            code="score",
        )
    return value


def _clean_level(value: str, number: str) -> str:
    if value and value not in Level.values:
        raise Refused(
            _("Unknown level for criterion %(number)s.") % {"number": number}, code="level"
        )
    return value or ""


def _update_rows(locked, rows: dict, *, level: str, score: str, note: str) -> list[str]:
    """Apply per-criterion values (``rows``: assessment pk → dict) after checking them
    all; returns the numbers of the criteria that changed."""
    assessments = {a.pk: a for a in criteria_rows(locked)}
    if set(rows) - set(assessments):
        raise Refused(_("The form does not match this dossier."), code="criteria")
    changed = []
    for pk, values in rows.items():
        row = assessments[pk]
        new = {
            level: _clean_level(values.get(level, ""), row.criterion.number),
            score: _clean_score(values.get(score), row.criterion.max_score, row.criterion.number),
            note: (values.get(note) or "").strip(),
        }
        if any(getattr(row, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(row, name, value)
            changed.append(row)
    CriterionAssessment.objects.bulk_update(changed, [level, score, note])
    return [row.criterion.number for row in changed]


def dossier_save(
    *,
    dossier: Dossier,
    by: User,
    expected_version: int,
    sections: dict,
    assessments: dict,
    files: Iterable[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Dossier:
    """Save the unit's achievement summary: the free sections (field → text), the
    self-assessment per criterion (assessment pk → its whole row: level, score,
    evidence) and new
    evidence files (``files``: (assessment pk or None, upload) pairs). All or nothing;
    refused when someone else saved since ``expected_version``."""
    with transaction.atomic():
        locked = _lock_for_edit(
            dossier, by=by, expected_version=expected_version, rule="dossiers.edit", states=EDITABLE
        )
        criteria = _update_rows(locked, assessments, level="level", score="score", note="evidence")
        values = {
            s.value: (sections.get(s.value) or "").strip() for s in Section if s.value in sections
        }
        now = now or timezone.now()
        write(locked, by, now, values)
        audit_record(
            actor=by, target=locked, action="dossier_edit", data={"criteria": criteria}, at=now
        )
        rows = {a.pk: a for a in locked.assessments.all()}
        for assessment_pk, upload in files:
            if assessment_pk is not None and assessment_pk not in rows:
                raise Refused(_("The form does not match this dossier."), code="criteria")
            assessment = rows.get(assessment_pk)
            _store(
                locked,
                by,
                upload,
                purpose=AttachmentPurpose.EVIDENCE,
                assessment=assessment,
                now=now,
            )
    return locked


def dossier_save_appraisal(
    *,
    dossier: Dossier,
    by: User,
    expected_version: int,
    findings: dict,
    comments: str,
    now: datetime.datetime | None = None,
) -> Dossier:
    """Save the appraiser's finding per criterion (assessment pk → finding level,
    score, note) and comments, while the dossier is under appraisal."""
    with transaction.atomic():
        locked = _lock_for_edit(
            dossier,
            by=by,
            expected_version=expected_version,
            rule="dossiers.appraise",
            states={S.UNDER_APPRAISAL},
        )
        criteria = _update_rows(
            locked, findings, level="finding_level", score="finding_score", note="finding_note"
        )
        now = now or timezone.now()
        write(locked, by, now, {"appraisal_comments": (comments or "").strip(), "appraiser": by})
        audit_record(
            actor=by,
            target=locked,
            action="dossier_appraisal_edit",
            data={"criteria": criteria},
            at=now,
        )
    return locked


def _clean_letter(locked, letter: dict) -> dict:
    values = {name: letter.get(name) for name in LETTER_FIELDS}
    for name in ("letter_number", "letter_signer", "letter_signer_title", "letter_issuer"):
        values[name] = (values[name] or "").strip()
    unit = values["letter_issuing_unit"]
    if unit is not None and not letter_issuing_units(dossier=locked).filter(pk=unit.pk).exists():
        raise Refused(letter_issuer_refusal(locked), code="issuer")
    if unit is not None and values["letter_issuer"]:
        expected = expected_issuer(unit, dossier_level(locked))
        chosen = values["letter_issuer"]
        if chosen != expected:
            raise Refused(
                _("%(unit)s issues the request letter as “%(expected)s”, not “%(chosen)s”.")
                % {
                    "unit": unit.name,
                    "expected": LetterIssuer(expected).label,
                    "chosen": dict(LetterIssuer.choices).get(chosen, chosen),
                },
                code="issuer",
            )
    if values["letter_date"] and values["letter_date"] > local_today():
        raise Refused(_("The letter date cannot be in the future."), code="date")
    return values


def dossier_save_letter(
    *,
    dossier: Dossier,
    by: User,
    expected_version: int,
    letter: dict,
    scan: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Dossier:
    """Record the request letter (công văn đề nghị) of a passed dossier: number, date,
    signer, issuing body at the same level, and optionally its signed scan (an
    earlier scan is kept, only hidden)."""
    with transaction.atomic():
        locked = _lock_for_edit(
            dossier,
            by=by,
            expected_version=expected_version,
            rule="dossiers.propose",
            states={S.PASSED},
        )
        values = _clean_letter(locked, letter)
        now = now or timezone.now()
        if scan is not None:
            _hide_letter_scans(locked, by, now)
            _store(locked, by, scan, purpose=AttachmentPurpose.LETTER, now=now)
        write(locked, by, now, values)
        audit_record(actor=by, target=locked, action="dossier_letter_edit", at=now)
    return locked


# ---------------------------------------------------------------- attachments


def _hide_letter_scans(locked, by, now) -> None:
    Attachment.objects.filter(
        dossier=locked, purpose=AttachmentPurpose.LETTER, removed_at__isnull=True
    ).update(removed_at=now, removed_by=by)


def _store(locked: Dossier, by, upload, *, purpose: str, now, assessment=None) -> Attachment:
    """Validate by content, check the dossier's total, then write the file."""
    checked = inspect_upload(upload)
    used = (
        Attachment.objects.filter(dossier=locked, removed_at__isnull=True).aggregate(
            total=Sum("size")
        )["total"]
        or 0
    )
    if used + checked.size > settings.DOSSIER_MAX_BYTES:
        raise Refused(
            _("The dossier's files would exceed %(limit)s MB in total.")
            % {"limit": settings.DOSSIER_MAX_BYTES // (1024 * 1024)},
            code="dossier_size",
        )
    upload_space_reserve(bright_spot=locked.bright_spot, size=checked.size)
    attachment = Attachment(
        dossier=locked,
        assessment=assessment,
        purpose=purpose,
        name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=by,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    audit_record(
        actor=by,
        target=locked,
        action="dossier_attach",
        data={"attachment": attachment.pk, "name": attachment.name, "sha256": checked.sha256},
        at=now,
    )
    return attachment


def dossier_attach(
    *,
    dossier: Dossier,
    by: User,
    upload: UploadedFile,
    assessment: CriterionAssessment | None = None,
    now: datetime.datetime | None = None,
) -> Attachment:
    """Add an evidence file (to one criterion, or to the dossier as a whole) while the
    unit may edit. Uploads never replace a file and do not bump the lock version."""
    with transaction.atomic():
        locked = lock_dossier(dossier)
        if not can(by, "dossiers.edit", locked):
            raise NotPermitted(_("You may not change this dossier."))
        if locked.status not in EDITABLE:
            raise Refused(DOSSIER_WORKFLOW.state_message(locked), code="state")
        if assessment is not None and assessment.dossier_id != locked.pk:
            raise Refused(_("The form does not match this dossier."), code="criteria")
        return _store(
            locked,
            by,
            upload,
            purpose=AttachmentPurpose.EVIDENCE,
            assessment=assessment,
            now=now or timezone.now(),
        )


def dossier_remove_attachment(
    *, attachment: Attachment, by: User, now: datetime.datetime | None = None
) -> None:
    """Take an evidence file out of the current dossier. A file that was part of a
    submitted version is kept (only hidden); a never-submitted draft file is deleted."""
    with transaction.atomic():
        locked = lock_dossier(attachment.dossier)
        row = Attachment.objects.select_for_update().get(pk=attachment.pk, dossier=locked)
        if not can(by, "dossiers.edit", locked):
            raise NotPermitted(_("You may not change this dossier."))
        if locked.status not in EDITABLE or row.purpose != AttachmentPurpose.EVIDENCE:
            raise Refused(DOSSIER_WORKFLOW.state_message(locked), code="state")
        if row.removed_at is not None:
            return
        now = now or timezone.now()
        audit_record(
            actor=by, target=locked, action="dossier_detach", data={"name": row.name}, at=now
        )
        if row.is_submitted:
            row.removed_at, row.removed_by = now, by
            row.save(update_fields=["removed_at", "removed_by"])
            return
        name, storage = row.file.name, row.file.storage
        row.delete()
        transaction.on_commit(lambda: storage.delete(name))

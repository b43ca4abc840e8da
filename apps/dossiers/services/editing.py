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


def _own_repeat(locked: Dossier, *, by, expected_version: int) -> bool:
    """The last write is the user's own, just after the version the page had: the same
    page sent a second time (a double click, a resent form)."""
    return locked.lock_version == expected_version + 1 and locked.updated_by_id == by.pk


def _lock_for_edit(
    dossier, *, by, expected_version: int, rule: str, states, unchanged=None
) -> tuple[Dossier, bool]:
    """Lock the dossier for a save based on ``expected_version``: who, then staleness,
    then state (and the appraiser's conflict of interest). Also says whether the save
    is a repeat of the user's own last one that ``unchanged(locked)`` finds already
    stored: such a repeat is a no-op, not a stale edit."""
    locked = lock_dossier(dossier)
    if not can(by, rule, locked):
        raise NotPermitted(_("You may not change this dossier."))
    repeat = False
    if locked.lock_version != expected_version:
        repeat = bool(
            unchanged
            and _own_repeat(locked, by=by, expected_version=expected_version)
            and unchanged(locked)
        )
        if not repeat:
            raise StaleEdit(_stale_message(locked), code="stale")
    if locked.status not in states:
        raise Refused(DOSSIER_WORKFLOW.state_message(locked), code="state")
    if rule == "dossiers.appraise":
        check_conflict(by, locked)
    return locked, repeat


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


# The fields of one criterion's row that each side writes.
SELF_ASSESSMENT = {"level": "level", "score": "score", "note": "evidence"}
FINDING = {"level": "finding_level", "score": "finding_score", "note": "finding_note"}


def _changed_rows(locked, rows: dict, *, level: str, score: str, note: str) -> list:
    """The criteria among ``rows`` (assessment pk → dict) whose values differ from the
    stored ones, with the new values set (not saved), after checking them all."""
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
    return changed


def _update_rows(locked, rows: dict, fields: dict) -> list[str]:
    """Apply per-criterion values; returns the numbers of the criteria that changed."""
    changed = _changed_rows(locked, rows, **fields)
    CriterionAssessment.objects.bulk_update(changed, list(fields.values()))
    return [row.criterion.number for row in changed]


def _stored(locked: Dossier, assessment_pk: int | None, upload) -> bool:
    """The same file (by content) is already among the current files of that criterion
    (or of the dossier as a whole)."""
    return Attachment.objects.filter(
        dossier=locked,
        assessment_id=assessment_pk,
        sha256=inspect_upload(upload).sha256,
        removed_at__isnull=True,
    ).exists()


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
    refused when someone else saved since ``expected_version``; the same form sent
    again right after its own save (a double click) changes nothing and succeeds."""
    files = list(files)
    values = {
        s.value: (sections.get(s.value) or "").strip() for s in Section if s.value in sections
    }

    def unchanged(locked) -> bool:
        return (
            all(getattr(locked, name) == value for name, value in values.items())
            and not _changed_rows(locked, assessments, **SELF_ASSESSMENT)
            and all(_stored(locked, pk, upload) for pk, upload in files)
        )

    with transaction.atomic():
        locked, repeat = _lock_for_edit(
            dossier,
            by=by,
            expected_version=expected_version,
            rule="dossiers.edit",
            states=EDITABLE,
            unchanged=unchanged,
        )
        if repeat:
            return locked
        criteria = _update_rows(locked, assessments, SELF_ASSESSMENT)
        now = now or timezone.now()
        write(locked, by, now, values)
        audit_record(
            actor=by, target=locked, action="dossier_edit", data={"criteria": criteria}, at=now
        )
        _store_evidence(locked, by, files, now=now)
    return locked


def _store_evidence(locked: Dossier, by, files: list, *, now) -> None:
    rows = {a.pk: a for a in locked.assessments.all()}
    for assessment_pk, upload in files:
        if assessment_pk is not None and assessment_pk not in rows:
            raise Refused(_("The form does not match this dossier."), code="criteria")
        _store(
            locked,
            by,
            upload,
            purpose=AttachmentPurpose.EVIDENCE,
            assessment=rows.get(assessment_pk),
            now=now,
        )


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
    score, note) and comments, while the dossier is under appraisal; the same form
    sent again right after its own save changes nothing and succeeds."""
    comments = (comments or "").strip()

    def unchanged(locked) -> bool:
        return locked.appraisal_comments == comments and not _changed_rows(
            locked, findings, **FINDING
        )

    with transaction.atomic():
        locked, repeat = _lock_for_edit(
            dossier,
            by=by,
            expected_version=expected_version,
            rule="dossiers.appraise",
            states={S.UNDER_APPRAISAL},
            unchanged=unchanged,
        )
        if repeat:
            return locked
        criteria = _update_rows(locked, findings, FINDING)
        now = now or timezone.now()
        write(locked, by, now, {"appraisal_comments": comments, "appraiser": by})
        audit_record(
            actor=by,
            target=locked,
            action="dossier_appraisal_edit",
            data={"criteria": criteria},
            at=now,
        )
    return locked


def _save_one_criterion(
    *, dossier, by, expected_version, assessment, values, rule, states, fields, upload=None
) -> tuple[Dossier, bool]:
    """Lock and check exactly as the whole form's save does, then write the one
    criterion's row, unless the save repeats the user's own last one (the flag)."""
    rows = {assessment.pk: values}

    def unchanged(locked) -> bool:
        return not _changed_rows(locked, rows, **fields) and (
            upload is None or _stored(locked, assessment.pk, upload)
        )

    locked, repeat = _lock_for_edit(
        dossier,
        by=by,
        expected_version=expected_version,
        rule=rule,
        states=states,
        unchanged=unchanged,
    )
    if not repeat:
        _update_rows(locked, rows, fields)  # refuses a criterion of another dossier
    return locked, repeat


def dossier_save_criterion(
    *,
    dossier: Dossier,
    by: User,
    expected_version: int,
    assessment: CriterionAssessment,
    values: dict,
    upload: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Dossier:
    """Save one criterion of the self-assessment from the long form: its level or
    score, its evidence (``values``) and, when given, one new file for it. Who and
    when are checked exactly as for the whole form (``dossier_save``).

    Staleness stays the dossier's ``lock_version``: any write since
    ``expected_version`` (another person's save, a step) refuses this one with the
    stale message. The page that saved learns the new version from the answer (the
    page sent back carries it in its hidden field; the script reads it from the JSON
    and sets the field), so its next save, of this criterion, another one or the
    whole form, is based on its own last write and passes. The same criterion sent
    again right after its own save (a double click) changes nothing and succeeds.

    Effects: the criterion's level, score and evidence; the lock version, who and
    when of the dossier; one audit row ``dossier_edit`` naming this criterion (and
    ``dossier_attach`` for the file)."""
    with transaction.atomic():
        locked, repeat = _save_one_criterion(
            dossier=dossier,
            by=by,
            expected_version=expected_version,
            assessment=assessment,
            values=values,
            rule="dossiers.edit",
            states=EDITABLE,
            fields=SELF_ASSESSMENT,
            upload=upload,
        )
        if repeat:
            return locked
        now = now or timezone.now()
        write(locked, by, now, {})
        audit_record(
            actor=by,
            target=locked,
            action="dossier_edit",
            data={"criteria": [assessment.criterion.number]},
            at=now,
        )
        if upload is not None:
            _store_evidence(locked, by, [(assessment.pk, upload)], now=now)
    return locked


def dossier_save_finding(
    *,
    dossier: Dossier,
    by: User,
    expected_version: int,
    assessment: CriterionAssessment,
    values: dict,
    now: datetime.datetime | None = None,
) -> Dossier:
    """Save the appraiser's finding on one criterion from the long form (finding
    level or score, note), checked exactly as ``dossier_save_appraisal``; staleness
    and repeats as in ``dossier_save_criterion``.

    Effects: the criterion's finding; the dossier's appraiser, lock version, who and
    when; one audit row ``dossier_appraisal_edit`` naming this criterion."""
    with transaction.atomic():
        locked, repeat = _save_one_criterion(
            dossier=dossier,
            by=by,
            expected_version=expected_version,
            assessment=assessment,
            values=values,
            rule="dossiers.appraise",
            states={S.UNDER_APPRAISAL},
            fields=FINDING,
        )
        if repeat:
            return locked
        now = now or timezone.now()
        write(locked, by, now, {"appraiser": by})
        audit_record(
            actor=by,
            target=locked,
            action="dossier_appraisal_edit",
            data={"criteria": [assessment.criterion.number]},
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
        locked, _repeat = _lock_for_edit(
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

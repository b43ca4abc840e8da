"""Factories for dossiers: criteria sets with real groups, dossiers in any state, and
files of every accepted (and refused) kind, built in memory."""

import hashlib
import io
import itertools
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from apps.brightspots.enums import BrightSpotStatus
from apps.criteria.models import Criterion, CriterionGroup
from apps.dossiers.enums import AttachmentPurpose, Conclusion, DossierStatus, LetterIssuer, Level
from apps.dossiers.models import Attachment, CriterionAssessment, Dossier
from tests.brightspots.factories import make_bright_spot, make_criteria_set
from tests.factories import UserFactory
from tests.kinds import BrightSpotKind

S = DossierStatus
_sets = itertools.count(1)

GENERAL = "Điểm sáng phải có tên, địa chỉ cụ thể ({n})."
SPECIFIC = "Công khai, minh bạch các cơ chế chính sách, quyền lợi của người dân ({n})."


def criteria_set_with(*, general: int = 2, qcdc: int = 2, dvcq: int = 1, max_score=None):
    """A criteria set with a general group (both kinds) and a specific group per kind
    (numbers "1.1", "2.1.1", ...); ``max_score`` makes every criterion scored."""
    criteria_set = make_criteria_set(
        code=f"dossier-set-{next(_sets)}", kinds=[BrightSpotKind.QCDC, BrightSpotKind.DVCQ]
    )
    groups = [
        ("1", "Tiêu chí chung", [BrightSpotKind.QCDC, BrightSpotKind.DVCQ], general, GENERAL),
        ("2.1", "Tiêu chí điểm sáng QCDC", [BrightSpotKind.QCDC], qcdc, SPECIFIC),
        ("2.2", "Tiêu chí điểm sáng DVCQ", [BrightSpotKind.DVCQ], dvcq, SPECIFIC),
    ]
    for order, (number, title, kinds, count, text) in enumerate(groups, start=1):
        group = CriterionGroup.objects.create(
            criteria_set=criteria_set, number=number, title=title, kinds=kinds, order=order
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=group,
                number=f"{number}.{i}",
                text=text.format(n=f"{number}.{i}"),
                order=i,
                max_score=max_score,
            )
            for i in range(1, count + 1)
        )
    return criteria_set


def make_dossier(
    unit,
    *,
    status: str = S.DRAFT,
    kind=BrightSpotKind.QCDC,
    criteria_set=None,
    filled: bool | None = None,
    by=None,
    **spot_fields,
) -> Dossier:
    """A dossier of a new acknowledged bright spot of ``unit``, put straight into
    ``status`` with what that status implies (self-assessment filled once submitted,
    findings once appraised, bright spot in recognition once submitted)."""
    spot = make_bright_spot(
        unit,
        kind=kind,
        status=BrightSpotStatus.ACKNOWLEDGED,
        criteria_set=criteria_set or criteria_set_with(),
        **spot_fields,
    )
    by = by or UserFactory()
    dossier = Dossier.objects.create(bright_spot=spot, created_by=by, updated_by=by)
    criteria = Criterion.objects.filter(
        group__criteria_set=spot.criteria_set, group__kinds__contains=[kind]
    )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(dossier=dossier, criterion=c) for c in criteria
    )
    if filled or (filled is None and status != S.DRAFT):
        fill_self_assessment(dossier)
    if status != S.DRAFT:
        put_in_state(dossier, status)
    return dossier


def fill_self_assessment(dossier, *, level=Level.GOOD, text="Đã tổ chức đối thoại với nhân dân."):
    for a in dossier.assessments.select_related("criterion"):
        if a.criterion.max_score is None:
            a.level = level
        else:
            a.score = a.criterion.max_score
        a.evidence = text
        a.save(update_fields=["level", "score", "evidence"])
    for field in ("how_done", "lessons", "effect", "spread"):
        setattr(dossier, field, f"{text} ({field})")
    dossier.save(update_fields=["how_done", "lessons", "effect", "spread"])
    return dossier


def fill_findings(dossier, *, level=Level.MET, comments="Hồ sơ đầy đủ, đạt yêu cầu."):
    for a in dossier.assessments.select_related("criterion"):
        if a.criterion.max_score is None:
            a.finding_level = level
        else:
            a.finding_score = Decimal(a.criterion.max_score) / 2
        a.finding_note = "Đúng như báo cáo."
        a.save(update_fields=["finding_level", "finding_score", "finding_note"])
    dossier.appraisal_comments = comments
    dossier.save(update_fields=["appraisal_comments"])
    return dossier


SUBMITTED_OR_LATER = {
    S.SUBMITTED,
    S.UNDER_APPRAISAL,
    S.RETURNED,
    S.RESUBMITTED,
    S.PASSED,
    S.FAILED,
    S.PROPOSED,
    S.DECLINED,
}
SPOT_STATUS = {
    S.FAILED: BrightSpotStatus.NOT_RECOGNISED,
    S.DECLINED: BrightSpotStatus.NOT_RECOGNISED,
    S.WITHDRAWN: BrightSpotStatus.WITHDRAWN,
}


def put_in_state(dossier, status: str) -> Dossier:
    """Set the status directly (arranging a test), with its bright spot's matching status."""
    now = timezone.now()
    if status in {S.UNDER_APPRAISAL, S.PASSED, S.FAILED, S.PROPOSED, S.DECLINED}:
        fill_findings(dossier)
    values = {"status": status, "state_changed_at": now}
    if status in SUBMITTED_OR_LATER:
        values |= {"first_submitted_at": now, "submitted_at": now}
    if status in {S.PASSED, S.PROPOSED, S.DECLINED}:
        values |= {"conclusion": Conclusion.PASSED, "appraised_at": now}
    if status == S.FAILED:
        values["conclusion"] = Conclusion.FAILED
    Dossier.objects.filter(pk=dossier.pk).update(**values)
    spot_status = SPOT_STATUS.get(
        status,
        BrightSpotStatus.IN_RECOGNITION if status in SUBMITTED_OR_LATER else None,
    )
    if spot_status:
        type(dossier.bright_spot).objects.filter(pk=dossier.bright_spot_id).update(
            status=spot_status
        )
    dossier.refresh_from_db()
    dossier.bright_spot.refresh_from_db()
    return dossier


def add_letter(dossier, *, issuing_unit, by, issuer=LetterIssuer.LEADERSHIP) -> Dossier:
    """A complete request letter with its signed scan."""
    Dossier.objects.filter(pk=dossier.pk).update(
        letter_number="15/CV-UBND",
        letter_date=timezone.localdate(),
        letter_signer="Trần Văn Bình",
        letter_signer_title="Chủ tịch UBND",
        letter_issuer=issuer,
        letter_issuing_unit=issuing_unit,
    )
    add_attachment(dossier, by=by, purpose=AttachmentPurpose.LETTER, name="cong-van.pdf")
    dossier.refresh_from_db()
    return dossier


def add_attachment(
    dossier,
    *,
    by,
    assessment=None,
    purpose=AttachmentPurpose.EVIDENCE,
    name="bien-ban.pdf",
    submitted=False,
):
    """An attachment row with its file, without the service (arranging a test)."""
    upload = pdf_file(name)
    attachment = Attachment(
        dossier=dossier,
        assessment=assessment,
        purpose=purpose,
        name=name,
        size=upload.size,
        sha256=hashlib.sha256(name.encode() + PDF_BYTES).hexdigest(),
        content_type="application/pdf",
        uploaded_by=by,
        is_submitted=submitted,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


# ---------------------------------------------------------------- files


def _blank_pdf() -> bytes:
    """A real one-page PDF (the upload checks parse it), made with pypdf."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


PDF_BYTES = _blank_pdf()


def pdf_file(name="bien-ban.pdf", *, content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(fmt="PNG", size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def png_file(name="anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg_file(name="anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def zip_bytes(members: dict[str, bytes], *, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(extra: dict | None = None, types: bytes = DOCX_TYPES) -> bytes:
    members = {
        "[Content_Types].xml": types,
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": "<w:document>Báo cáo thành tích</w:document>".encode(),
    }
    return zip_bytes(members | (extra or {}))


def docx_file(name="bao-cao.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes())


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Bảng điểm"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_file(name="bang-diem.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes())

"""Validation of uploaded attachments: type by content (never by name), size caps,
safe names, and zip sanity for DOCX/XLSX. Every refusal is a Vietnamese message."""

import re
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
OOXML_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MAX_UNZIPPED_RATIO = 100
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def safe_filename(name: str, extension: str) -> str:
    """ASCII-only, no directories, no leading dots; the extension follows the content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base.encode("ascii", "ignore").decode()).strip("-.")
    return f"{(base or 'tep')[:80]}.{extension}"


def detect_extension(upload) -> str:
    """The allowed extension matching the file's bytes, or ValidationError."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or (kind.mime not in ALLOWED and kind.mime != "application/zip"):
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, JPEG and PNG files are accepted; this file is not one."),
            code="type",
        )
    if kind.mime in ALLOWED and ALLOWED[kind.mime] not in OOXML_MARKERS:
        return ALLOWED[kind.mime]
    return _check_ooxml(upload)


def _check_ooxml(upload) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unzipped = sum(info.file_size for info in infos)
            packed = max(sum(info.compress_size for info in infos), 1)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            _("The file is damaged: it is not a valid archive."), code="zip"
        ) from None
    finally:
        upload.seek(0)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_UNZIPPED_RATIO:
        raise ValidationError(
            _("The file expands to an abnormal size when opened and is refused."), code="bomb"
        )
    for extension, marker in OOXML_MARKERS.items():
        if marker in names:
            return extension
    raise ValidationError(
        _("Only PDF, DOCX, XLSX, JPEG and PNG files are accepted; this file is not one."),
        code="type",
    )


def validate_upload(upload) -> str:
    """Check one uploaded file; returns the sanitised file name to store it under."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    return safe_filename(upload.name, detect_extension(upload))

"""Validation of uploaded attachments: type by content (never by name), size caps,
safe names, and sanity checks per type. Every refusal is a translatable message.

- PDF: real PDF header; no embedded JavaScript or launch actions.
- JPEG/PNG: decodes completely with Pillow, within a pixel budget, and holds no web
  page markup (a PNG/HTML polyglot is refused).
- DOCX/XLSX: a valid zip whose declared content type is a Word document or an Excel
  workbook without macros; every member is decompressed under a byte and ratio budget,
  so a zip bomb is refused whatever its headers claim.

``AttachmentField`` is the form field: one file per field (two files sent in one field
are refused), checked by ``inspect_upload``.
"""

import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALLOWED = {mime: extension for extension, mime in CONTENT_TYPES.items()}
ZIP_TYPES = {"application/zip", CONTENT_TYPES["docx"], CONTENT_TYPES["xlsx"]}
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
MAX_UNZIPPED_RATIO = 100
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_IMAGE_PIXELS = 60_000_000
CHUNK = 1024 * 1024

PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9])")
HTML_MARKUP = re.compile(rb"(?i)<(?:html|head|body|script|iframe|svg|!doctype|object|embed)[\s>/]")

NOT_ALLOWED = _("Only PDF, DOCX, XLSX, JPEG and PNG files are accepted; this file is not one.")
DAMAGED_ARCHIVE = _("The file is damaged: it is not a valid Word or Excel file.")
BOMB = _("The file expands to an abnormal size when opened and is refused.")


@dataclass(frozen=True)
class CheckedUpload:
    """What validation learned about an accepted file."""

    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def safe_filename(name: str, extension: str) -> str:
    """ASCII-only, no directories, no leading dots; the extension follows the content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    base = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base.encode("ascii", "ignore").decode()).strip("-_")
    return f"{(base or 'tep')[:80].strip('-_') or 'tep'}.{extension}"


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def _read_head(upload, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _scan(upload, pattern: re.Pattern | None) -> tuple[str, bool]:
    """One pass over the file: its SHA-256 and whether ``pattern`` occurs anywhere
    (chunks overlap so a match across a boundary is found)."""
    digest, found, tail = hashlib.sha256(), False, b""
    upload.seek(0)
    while chunk := upload.read(CHUNK):
        digest.update(chunk)
        if pattern is not None and not found:
            found = bool(pattern.search(tail + chunk))
            tail = chunk[-64:]
    upload.seek(0)
    return digest.hexdigest(), found


def detect_extension(upload) -> str:
    """The allowed extension matching the file's bytes, or ValidationError."""
    head = _read_head(upload)
    kind = filetype.guess(head)
    if kind is None or (kind.mime not in ALLOWED and kind.mime not in ZIP_TYPES):
        _refuse(NOT_ALLOWED, "type")
    if kind.mime in ZIP_TYPES:
        return _check_ooxml(upload)
    extension = ALLOWED[kind.mime]
    if extension in {"jpg", "png"}:
        _check_image(upload, extension)
    return extension


def _check_image(upload, extension: str) -> None:
    from PIL import Image

    expected = {"jpg": "JPEG", "png": "PNG"}[extension]
    try:
        with Image.open(upload) as image:
            if image.format != expected:
                _refuse(NOT_ALLOWED, "type")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                _refuse(_("The image has too many pixels and is refused."), "pixels")
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError):
        _refuse(_("The image is damaged and cannot be opened."), "image")
    finally:
        upload.seek(0)


def _check_ooxml(upload) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                _refuse(BOMB, "bomb")
            _decompress_within_budget(archive, infos, packed=max(upload.size, 1))
            names = {info.filename for info in infos}
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        # RuntimeError covers encrypted members and unsupported compression methods.
        _refuse(DAMAGED_ARCHIVE, "zip")
    finally:
        upload.seek(0)
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        _refuse(_("Documents containing macros are not accepted."), "macro")
    for extension, main_part in OOXML_MAIN_PARTS.items():
        if main_part.encode() in types:
            return extension
    return _refuse(NOT_ALLOWED, "type")


def _decompress_within_budget(archive, infos, *, packed: int) -> None:
    """Really decompress every member (headers can lie), stopping at the budget."""
    budget = min(MAX_UNZIPPED_BYTES, packed * MAX_UNZIPPED_RATIO)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > budget:
                    _refuse(BOMB, "bomb")


def inspect_upload(upload) -> CheckedUpload:
    """Check one uploaded file; the result is kept on the upload so a form and the
    service behind it check it only once."""
    cached = getattr(upload, "_checked_upload", None)
    if cached is not None:
        return cached
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        _refuse(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            "size",
        )
    if not upload.size:
        _refuse(_("The file is empty."), "empty")
    extension = detect_extension(upload)
    pattern = PDF_ACTIVE if extension == "pdf" else HTML_MARKUP
    sha256, active = _scan(upload, pattern if extension in {"pdf", "jpg", "png"} else None)
    if active and extension == "pdf":
        _refuse(_("PDF files containing scripts or launch actions are not accepted."), "active")
    if active:
        _refuse(_("The image contains hidden web page code and is refused."), "polyglot")
    checked = CheckedUpload(
        name=safe_filename(upload.name or "", extension),
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        size=upload.size,
        sha256=sha256,
    )
    upload._checked_upload = checked
    return checked


def validate_upload(upload) -> str:
    """Check one uploaded file; returns the sanitised file name to store it under."""
    return inspect_upload(upload).name


def _limits_text() -> str:
    return _("PDF, DOCX, XLSX, JPEG or PNG; at most %(limit)s MB.") % {
        "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    }


_help_text = lazy(_limits_text, str)


class SingleFileInput(forms.FileInput):
    """Hands the field every file sent under its name, so two are noticed."""

    def value_from_datadict(self, data, files, name):
        return files.getlist(name) if hasattr(files, "getlist") else files.get(name)


class AttachmentField(forms.FileField):
    """One attachment, validated by content (``inspect_upload``)."""

    widget = SingleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _help_text())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.docx,.xlsx,.jpg,.jpeg,.png")

    def to_python(self, data):
        if isinstance(data, list | tuple):
            if len(data) > 1:
                raise ValidationError(
                    gettext("Send only one file in this field (%(count)d were sent).")
                    % {"count": len(data)},
                    code="multiple",
                )
            data = data[0] if data else None
        upload = super().to_python(data)
        if upload is not None:
            inspect_upload(upload)
        return upload

"""Validation of uploaded attachments: type by content (never by name), size caps,
safe names, and a content check per type (``apps.core.filechecks``). Every refusal is
a translatable message with a code. The stored bytes are exactly the ones sent: checks
read the file, they never re-encode or repair it.

- PDF: parsed with pypdf; every object is inspected; no JavaScript, launch, submit or
  import actions, rich media, embedded files, XFA, or links other than http(s)/mailto;
  not encrypted; nothing but whitespace after the last ``%%EOF``.
- JPEG/PNG: dimensions read from the header (at most 250 megapixels), decoded within a
  64 MiB budget (JPEG at 1/8 scale), nothing after the picture but padding (and, for
  JPEG, the extra pictures, motion-photo video and Samsung trailer phones add), no web
  page markup anywhere.
- DOCX/XLSX: a package whose content types and relationships declare no macros, no
  OLE objects or ActiveX controls and nothing fetched from other machines; decompressed
  under a byte and ratio budget, so a zip bomb is refused whatever its headers claim.
- PDF and images hiding a ZIP archive an unzip tool would open are refused.

``AttachmentField`` is the form field: one file per field (two files sent in one field
are refused), checked by ``inspect_upload``.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.filechecks import refuse
from apps.core.filechecks.images import check_image
from apps.core.filechecks.office import check_office
from apps.core.filechecks.polyglot import POLYGLOT, hides_zip

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALLOWED = {mime: extension for extension, mime in CONTENT_TYPES.items()}
ZIP_TYPES = {"application/zip", CONTENT_TYPES["docx"], CONTENT_TYPES["xlsx"]}

NOT_ALLOWED = _("Only PDF, DOCX, XLSX, JPEG and PNG files are accepted; this file is not one.")


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


def _read(upload) -> bytes:
    """The whole file (at most ATTACHMENT_MAX_BYTES, checked before)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def detect_extension(data: bytes) -> str:
    """The allowed extension matching the file's bytes, after its content check, or
    ValidationError."""
    kind = filetype.guess(data[:8192])
    if kind is None or (kind.mime not in ALLOWED and kind.mime not in ZIP_TYPES):
        refuse(NOT_ALLOWED, "type")
    if kind.mime in ZIP_TYPES:
        return check_office(data) or refuse(NOT_ALLOWED, "type")
    if hides_zip(data):
        refuse(POLYGLOT, "polyglot")
    extension = ALLOWED[kind.mime]
    if extension == "pdf":
        from apps.core.filechecks.pdf import check_pdf  # pypdf takes ~0.1 s to import

        check_pdf(data)
    else:
        check_image(data, extension)
    return extension


def inspect_upload(upload) -> CheckedUpload:
    """Check one uploaded file; the result is kept on the upload so a form and the
    service behind it check it only once."""
    cached = getattr(upload, "_checked_upload", None)
    if cached is not None:
        return cached
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        refuse(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            "size",
        )
    if not upload.size:
        refuse(_("The file is empty."), "empty")
    data = _read(upload)
    extension = detect_extension(data)
    checked = CheckedUpload(
        name=safe_filename(upload.name or "", extension),
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        size=upload.size,
        sha256=hashlib.sha256(data).hexdigest(),
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

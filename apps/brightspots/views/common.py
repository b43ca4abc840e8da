import io

from django.http import HttpResponse
from django.utils.text import slugify

from apps.core import downloads, params
from apps.cycles.selectors import local_today, open_cycle_year


def download_name(*parts, extension: str) -> str:
    """A file name saying what is downloaded, in Vietnamese without diacritics:
    ("Danh sách đăng ký", 2027, "Phường Vĩnh Phú") gives
    "danh-sach-dang-ky-2027-phuong-vinh-phu.xlsx". Empty parts are left out."""
    text = " ".join(str(part) for part in parts if part)
    # slugify drops "đ", which has no decomposition into "d" and a mark.
    return f"{slugify(text.replace('đ', 'd').replace('Đ', 'D'))}.{extension}"


def xlsx_response(write, *, filename: str) -> HttpResponse:
    """Run ``write(stream)`` and answer with the workbook as a download."""
    stream = io.BytesIO()
    write(stream)
    return downloads.xlsx_response(stream.getvalue(), filename)


def chosen_year(request, unit) -> int:
    """``?year=``, else the year of the open cycle of the unit's province."""
    return params.year(request.GET) or open_cycle_year(unit=unit, today=local_today())

import io

from django.http import HttpResponse
from django.utils.text import slugify

from apps.core import downloads


def xlsx_response(write, *, filename: str) -> HttpResponse:
    """Run ``write(stream)`` and answer with the workbook as a download."""
    stream = io.BytesIO()
    write(stream)
    return downloads.xlsx_response(stream.getvalue(), f"{slugify(filename)}.xlsx")

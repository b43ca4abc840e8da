import io

from django.http import HttpResponse

from apps.core import downloads, params
from apps.cycles.selectors import local_today, open_cycle_year


def xlsx_response(write, *, filename: str) -> HttpResponse:
    """Run ``write(stream)`` and answer with the workbook as a download."""
    stream = io.BytesIO()
    write(stream)
    return downloads.xlsx_response(stream.getvalue(), filename)


def chosen_year(request, unit) -> int:
    """``?year=``, else the year of the open cycle of the unit's province."""
    return params.year(request.GET) or open_cycle_year(unit=unit, today=local_today())

"""The formal parts of an official document, in the two forms the portal prints: the
State's (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the Party's (Hướng dẫn 36-HD/VPTW,
2018). Documents are always Vietnamese, whatever the reader's interface language."""

import datetime

STATE = "state"
PARTY = "party"


def date_phrase(day: datetime.date) -> str:
    """ "ngày 04 tháng 12 năm 2026": days below 10 and the months 1 and 2 take a leading
    zero (Nghị định 30/2020, Phụ lục I, I.5.b; Hướng dẫn 36-HD/VPTW keeps the rule)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Nghệ An, ngày 04 tháng 12 năm 2026"."""
    return f"{place}, {date_phrase(day)}"


def number_line(number: str | int | None, kind: str, abbreviation: str, form: str = STATE) -> str:
    """The number and symbol: "Số: 12/QĐ-UBND" (State) or "Số 19-BC/BDVTU" (Party, no
    colon). An unnumbered draft keeps the blank the clerk fills in by hand."""
    shown = str(number) if number not in (None, "") else "     "
    if form == PARTY:
        return f"Số {shown}-{kind}/{abbreviation}"
    return f"Số: {shown}/{kind}-{abbreviation}"

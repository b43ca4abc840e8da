"""The formal parts of an official document, in the two forms the portal prints: the
State's (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the Party's (Hướng dẫn 36-HD/VPTW,
2018). Documents are always Vietnamese, whatever the reader's interface language."""

import datetime
import unicodedata
from dataclasses import dataclass

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


# --- The head and the foot of a document, from the issuing unit ---------------------
#
# What the decree and the Party's guidance fix is written here in Vietnamese: it is never
# translated. The unit's own fields (abbreviation, head_title, is_party_body) win; when
# blank, the defaults below are derived from its kind, name and place in the tree.

STATE_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"

_GOVERNMENT_KINDS = ("province", "district", "commune")
_PLACE_PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Huyện ",
    "Thị xã ",
    "Quận ",
    "Xã ",
    "Phường ",
    "Thị trấn ",
    "Đặc khu ",
)
# The Party committee of an administrative unit, by the unit's name prefix.
_COMMITTEE_OF = {
    "Tỉnh ": "TỈNH ỦY ",
    "Thành phố ": "THÀNH ỦY ",
    "Huyện ": "HUYỆN ỦY ",
    "Thị xã ": "THỊ ỦY ",
    "Quận ": "QUẬN ỦY ",
}
# A Party board's name ends with its committee ("Ban Dân vận Tỉnh ủy"), which the header
# already prints on the line above.
_COMMITTEE_SUFFIXES = (" Tỉnh ủy", " Thành ủy", " Huyện ủy", " Thị ủy", " Quận ủy", " Đảng ủy")
_LEVEL_SUFFIXES = (" tỉnh", " huyện", " xã", " phường")
_SYMBOL_SKIP = frozenset({"và", "ở", "của", "the", "-", "–"})
# Bodies that decide together sign "TM. <body>" above their head's title.
_COLLECTIVE_PREFIXES = {"Ban Chỉ đạo": "BAN CHỈ ĐẠO", "Hội đồng": "HỘI ĐỒNG"}
_HEAD_TITLES = (
    ("Sở ", "Giám đốc"),
    ("Bệnh viện", "Giám đốc"),
    ("Trung tâm", "Giám đốc"),
    ("Công an", "Giám đốc"),
    ("Trường", "Hiệu trưởng"),
    ("Ban ", "Trưởng ban"),
    ("Hội đồng", "Chủ tịch"),
    ("Phòng ", "Trưởng phòng"),
    ("Văn phòng", "Chánh Văn phòng"),
)
_MASS_MOBILISATION = "ban_dan_van"


@dataclass(frozen=True)
class DocumentHead:
    """What the top of a document prints: left, the parent body (regular), the issuer
    (bold) and the number; right, the national motto or the Party's title and the place
    and date."""

    form: str
    parent: str
    issuer: tuple[str, ...]
    number: str
    place_date: str

    @property
    def is_party(self) -> bool:
        return self.form == PARTY


@dataclass(frozen=True)
class DocumentFoot:
    """Left, "Nơi nhận:" and its lines; right, the signature block (TM./KT. and title)
    and the signer's name (blank: signed by hand)."""

    form: str
    recipients: tuple[str, ...]
    signature: tuple[str, ...]
    name: str

    @property
    def is_party(self) -> bool:
        return self.form == PARTY


def document_form(unit) -> str:
    """PARTY for a Party body (the unit's flag; a Ban Dân vận always is), else STATE."""
    if unit.is_party_body or unit.function == _MASS_MOBILISATION:
        return PARTY
    return STATE


def document_head(issuer_unit, kind: str, number=None, on=None, place: str | None = None):
    """The head of a document of ``kind`` ("BC", "DS", ...) that ``issuer_unit`` issues
    on ``on`` (a date; today's local date when None). Two queries (the ancestors)."""
    from django.utils import timezone

    form = document_form(issuer_unit)
    ancestors = list(_ancestors(issuer_unit)) if issuer_unit.depth > 1 else []
    parent, issuer = _issuer_lines(issuer_unit, ancestors, form)
    return DocumentHead(
        form=form,
        parent=parent,
        issuer=issuer,
        number=number_line(number, kind, unit_abbreviation(issuer_unit, form), form),
        place_date=place_and_date(
            place or place_of(issuer_unit, ancestors), on or timezone.localdate()
        ),
    )


def document_subject(subject: str, form: str) -> str:
    """The trích yếu: the decree's starts with a capital ("Sơ kết ..."), the Party's
    with a small letter ("sơ kết ...", Hướng dẫn 36-HD/VPTW's example "về quy hoạch
    cán bộ ...")."""
    if form == PARTY and subject:
        return subject[0].lower() + subject[1:]
    return subject


def document_foot(issuer_unit, recipients, *, signer=None) -> DocumentFoot:
    """The addressees (the unit's own archive copy last) and the signature block.
    ``signer``: the user who signs (name and position; a "Phó ..." signs KT.)."""
    form = document_form(issuer_unit)
    return DocumentFoot(
        form=form,
        recipients=recipient_lines(recipients, form),
        signature=signature_lines(issuer_unit, form, position=getattr(signer, "position", "")),
        name=(signer.get_full_name() if signer else ""),
    )


def recipient_lines(names, form: str = STATE) -> tuple[str, ...]:
    """ "- Ban Dân vận Tỉnh ủy;" ... "- Lưu: VT." (decree); the Party's lines end with a
    comma and the archive line is "- Lưu Văn phòng."."""
    names = [n for n in dict.fromkeys(names) if n]
    if form == PARTY:
        return (*(f"- {n}," for n in names), "- Lưu Văn phòng.")
    return (*(f"- {n};" for n in names), "- Lưu: VT.")


def signature_lines(unit, form: str = STATE, *, position: str = "") -> tuple[str, ...]:
    """ "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", "TRƯỞNG BAN",
    "Q. CHỦ TỊCH" for a person given the head's powers; the Party writes "T/M" and
    "K/T"."""
    on_behalf, deputy_of = ("T/M", "K/T") if form == PARTY else ("TM.", "KT.")
    title = head_title(unit).upper()
    lines = []
    body = _collective_body(unit)
    if body:
        lines.append(f"{on_behalf} {body}")
    if position.strip().lower().startswith("phó"):
        lines += [f"{deputy_of} {title}", f"PHÓ {title}"]
    elif position.strip().lower().startswith("quyền"):
        lines.append(f"Q. {title}")
    else:
        lines.append(title)
    return tuple(lines)


def head_title(unit) -> str:
    """The unit's own ``head_title``, else one from its kind and name."""
    if unit.head_title:
        return unit.head_title
    if unit.kind in _GOVERNMENT_KINDS:
        return "Chủ tịch"
    return next((t for prefix, t in _HEAD_TITLES if unit.name.startswith(prefix)), "Thủ trưởng")


def unit_abbreviation(unit, form: str = STATE) -> str:
    """The unit's own ``abbreviation``, else "UBND" for a People's Committee, "BCĐ" for
    a steering board, or the initials of its name without accents but with Đ
    ("Sở Giáo dục và Đào tạo" → "SGDĐT", "Ban Dân vận Tỉnh ủy" → "BDVTU")."""
    if unit.abbreviation:
        return unit.abbreviation
    if unit.kind in _GOVERNMENT_KINDS and form == STATE:
        return "UBND"
    if unit.name.startswith("Ban Chỉ đạo"):
        return "BCĐ"
    words = [w for w in unit.name.split() if w[:1].isalpha() and w.lower() not in _SYMBOL_SKIP]
    return "".join(_plain_initial(w[0]) for w in words)


def place_of(unit, ancestors=None) -> str:
    """The place name the date line starts with: the nearest administrative unit's
    name without its prefix ("Tỉnh Nghệ An" → "Nghệ An")."""
    chain = [*(ancestors if ancestors is not None else _ancestors(unit)), unit]
    government = next((u for u in reversed(chain) if u.kind in _GOVERNMENT_KINDS), unit)
    return _short_name(government.name)


def _ancestors(unit):
    """The unit's ancestors, the province first (one query)."""
    return type(unit).objects.ancestors_of(unit).exclude(pk=unit.pk).order_by("depth")


def _issuer_lines(unit, ancestors, form) -> tuple[str, tuple[str, ...]]:
    if form == PARTY:
        return _party_committee(ancestors), (_party_issuer_name(unit).upper(),)
    if unit.kind in _GOVERNMENT_KINDS:
        return "", (PEOPLES_COMMITTEE, unit.name.upper())
    parent = ancestors[-1] if ancestors else None
    if parent is None:
        return "", (unit.name.upper(),)
    if parent.kind in _GOVERNMENT_KINDS:
        return f"UBND {parent.name.upper()}", (unit.name.upper(),)
    return parent.name.upper(), (unit.name.upper(),)


def _party_committee(ancestors) -> str:
    """ "TỈNH ỦY NGHỆ AN" for a board under the province; "ĐẢNG ỦY XÃ ..." under a
    commune."""
    government = next((u for u in reversed(ancestors) if u.kind in _GOVERNMENT_KINDS), None)
    if government is None:
        return ""
    for prefix, committee in _COMMITTEE_OF.items():
        if government.name.startswith(prefix):
            return committee + government.name[len(prefix) :].upper()
    return "ĐẢNG ỦY " + government.name.upper()


def _party_issuer_name(unit) -> str:
    name = unit.name
    for suffix in _COMMITTEE_SUFFIXES + _LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _collective_body(unit) -> str:
    if unit.kind in _GOVERNMENT_KINDS:
        return PEOPLES_COMMITTEE
    return next((b for p, b in _COLLECTIVE_PREFIXES.items() if unit.name.startswith(p)), "")


def _short_name(name: str) -> str:
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _plain_initial(letter: str) -> str:
    """The initial in capitals without its accent; Đ stays Đ."""
    if letter in "đĐ":
        return "Đ"
    return unicodedata.normalize("NFD", letter)[0].upper()

"""The standard wording a new decision starts from: the authority's own template
(DecisionTemplate, kept by its administrators) over the defaults below, in the form of
Nghị định 30/2020/NĐ-CP (or, for a Party body, Hướng dẫn 36-HD/VPTW).

Who the authority is decides the heading (its governing body is its parent in the unit
tree), the head's title (``Unit.head_title``, else from the kind or the name), the
symbol (``Unit.abbreviation``, else derived) and the signature block (head or deputy).
The guidance is cited from the province's ``ProcessRules.guidance_reference``; while it
is blank the line keeps a blank for the drafter.

Decisions are Vietnamese documents, so the defaults are produced in
settings.LANGUAGE_CODE whatever language the person drafting uses. Titles, the signing
marks (TM., KT.) and body names are Vietnamese data, as ``Unit.head_title`` is.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apps.accounts.enums import DECISION_MAKERS
from apps.accounts.models import in_force_q
from apps.accounts.selectors import members_of
from apps.cycles.process import Process, process_of
from apps.cycles.selectors import local_today, process_rules
from apps.decisions.enums import DocumentForm, Signer
from apps.decisions.models import DecisionTemplate
from apps.units.enums import BoardFunction, UnitKind
from apps.units.models import Unit

if TYPE_CHECKING:
    from apps.accounts.models import User

GOVERNMENT_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
NAME_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Đặc khu ")
# The head's title when ``Unit.head_title`` is empty, by the start of the unit's name.
HEAD_TITLES = (
    ("Sở ", "Giám đốc"),
    ("Trường ", "Hiệu trưởng"),
    ("Ban ", "Trưởng ban"),
    ("Văn phòng ", "Chánh Văn phòng"),
    ("Thanh tra ", "Chánh Thanh tra"),
    ("Chi cục ", "Chi cục trưởng"),
    ("Cục ", "Cục trưởng"),
    ("Phòng ", "Trưởng phòng"),
)
DEFAULT_HEAD_TITLE = "Giám đốc"
GOVERNMENT_HEAD_TITLE = "Chủ tịch"
# Words left out of a derived abbreviation: "Sở Giáo dục và Đào tạo" → "SGDĐT".
ABBREVIATION_SKIPS = {"và", "của", "các"}
# The Party committee above a Party body, by the kind of its government parent.
PARTY_COMMITTEES = {UnitKind.PROVINCE: "Tỉnh ủy", UnitKind.COMMUNE: "Đảng ủy"}
# From this day a commune's or ward's office is the Văn phòng HĐND và UBND (Luật Tổ chức
# chính quyền địa phương 2025 and the two-level local government, in force 01/7/2025).
COMMUNE_OFFICE_FROM = datetime.date(2025, 7, 1)
DRAFTER_OFFICE = "VP"
MAX_CITED_LETTERS = 5
MAX_NAMED_COLLECTIVES = 5
BLANK = "…"
SIGNATURE_FIELDS = ("signer_on_behalf", "signer_delegation", "signer_title", "signer_name")
TEMPLATE_FIELDS = (
    "symbol",
    "place",
    "issuer_parent",
    "issuer_name",
    "issuer_power",
    "legal_bases",
    "later_articles",
    "recipients",
    "signer_on_behalf",
    "signer_delegation",
    "signer_title",
    "signer_name",
)


def short_name(unit: Unit) -> str:
    """The place name of an administrative unit: "Tỉnh Nghệ An" → "Nghệ An"."""
    for prefix in NAME_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _lower_first(name: str) -> str:
    """ "Phường Vinh Phú" → "phường Vinh Phú", as a name reads inside a sentence."""
    return name[:1].lower() + name[1:]


def _in_process_order(spots, value) -> list[str]:
    """``value(process, kind code)`` for the kinds of ``spots`` (each read in the process
    of its year), each once, in the order of the processes' kinds."""
    found: dict[str, int] = {}
    for spot in spots:
        process = process_of(cycle_id=spot.cycle_id)
        codes = process.kind_codes
        order = codes.index(spot.kind) if spot.kind in codes else len(codes)
        found.setdefault(value(process, spot.kind), order)
    return sorted(found, key=found.get)


def kinds_phrase(bright_spots) -> str:
    """The kinds of bright spot a decision recognises, as its title names them: each
    kind's ``document_phrase`` in its process, joined with "and"."""
    return _(" and ").join(_in_process_order(bright_spots, _document_phrase))


def _document_phrase(process: Process, code: str) -> str:
    kind = process.kind(code)
    return kind.document_phrase if kind else code


def steering_board(process: Process, code: str) -> str:
    """The name of the board the process routes a kind's lists to (its function)."""
    return str(BoardFunction(process.routes[code].board).label)


def is_government(unit: Unit) -> bool:
    return unit.kind in GOVERNMENT_KINDS


def _government_unit(authority: Unit) -> Unit:
    """The authority itself when it is a UBND, else its nearest government ancestor."""
    if is_government(authority):
        return authority
    ancestors = Unit.objects.ancestors_of(authority).filter(kind__in=GOVERNMENT_KINDS)
    return ancestors.order_by("-depth").first() or authority


# --- who the authority is ----------------------------------------------------------------


def head_title(unit: Unit) -> str:
    """The title of the unit's head: ``Unit.head_title``, else Chủ tịch for a UBND and,
    for an agency, by its name (Giám đốc Sở, Hiệu trưởng Trường, Trưởng ban Ban …)."""
    if unit.head_title.strip():
        return unit.head_title.strip()
    if is_government(unit):
        return GOVERNMENT_HEAD_TITLE
    for prefix, title in HEAD_TITLES:
        if unit.name.startswith(prefix):
            return title
    return DEFAULT_HEAD_TITLE


def _initial(word: str) -> str:
    """The word's first letter in capitals without its tone or hat, except Đ; an
    acronym (THPT) stays whole."""
    if len(word) > 1 and word.isupper():
        return word
    letter = word[0].upper()
    return letter if letter == "Đ" else unicodedata.normalize("NFD", letter)[0]


def abbreviation(unit: Unit) -> str:
    """The unit's abbreviation in document symbols: ``Unit.abbreviation``, else UBND for
    a People's Committee, else the initials of its name ("Sở Giáo dục và Đào tạo" →
    "SGDĐT", "Ban Dân vận Tỉnh ủy" → "BDVTU", "Trường THPT Huỳnh Thúc Kháng" →
    "TTHPTHTK")."""
    if unit.abbreviation.strip():
        return unit.abbreviation.strip()
    if is_government(unit):
        return "UBND"
    words = [w for w in unit.name.split() if w[:1].isalpha() and w not in ABBREVIATION_SKIPS]
    return "".join(_initial(word) for word in words)


def _party_committee(unit: Unit) -> str:
    """ "Tỉnh ủy Nghệ An" above a province's Party body, "Đảng ủy phường …" above a ward's."""
    committee = PARTY_COMMITTEES.get(unit.kind, "Đảng ủy")
    if unit.kind == UnitKind.PROVINCE:
        return f"{committee} {short_name(unit)}"
    return f"{committee} {_lower_first(unit.name)}"


def _parent(unit: Unit) -> Unit | None:
    if unit.depth <= 1:
        return None
    return Unit.objects.filter(path=unit.path[: -unit.steplen]).first()


def _governing_body(authority: Unit, parent: Unit | None) -> str:
    """The line above the issuer: its real parent ("UBND TỈNH NGHỆ AN" above a Sở,
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO" above its school); none for a UBND."""
    if parent is None or (is_government(authority) and not authority.is_party_body):
        return ""
    if not is_government(parent):
        return parent.name.upper()
    if authority.is_party_body:
        return _party_committee(parent).upper()
    return "UBND " + parent.name.upper()


def _issuer_name(authority: Unit, parent: Unit | None) -> str:
    if is_government(authority) and not authority.is_party_body:
        return _("PEOPLE'S COMMITTEE") + "\n" + authority.name.upper()
    name = authority.name
    if authority.is_party_body and parent is not None and is_government(parent):
        committee = PARTY_COMMITTEES.get(parent.kind, "Đảng ủy")
        if name.lower().endswith(" " + committee.lower()):
            name = name[: -len(committee) - 1]
    return name.upper()


def head_of(title: str, name: str) -> str:
    """ "Giám đốc" + "Sở Nội vụ" → "Giám đốc Sở Nội vụ"; the words the title and the name
    share are said once: "Trưởng ban" + "Ban Dân vận Tỉnh ủy" → "Trưởng ban Dân vận Tỉnh ủy"."""
    title_words, name_words = title.split(), name.split()
    for overlap in range(min(len(title_words), len(name_words)), 0, -1):
        tail = [w.lower() for w in title_words[-overlap:]]
        if tail == [w.lower() for w in name_words[:overlap]]:
            return " ".join([*title_words, *name_words[overlap:]])
    return f"{title} {name}"


def _issuer_power(authority: Unit) -> str:
    """Who decides, above the legal bases: the UBND, or the head of the agency."""
    if is_government(authority) and not authority.is_party_body:
        return _("PEOPLE'S COMMITTEE") + " " + authority.name.upper()
    return head_of(head_title(authority), authority.name).upper()


def signature_block(authority: Unit, signer: str) -> dict:
    """The lines above the signature (Nghị định 30/2020, Phụ lục I, II.8; Hướng dẫn 36
    writes T/M and K/T): a UBND decides collectively ("TM. ỦY BAN NHÂN DÂN"), an agency's
    head signs alone; a deputy signs for the head ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"); a
    person given the head's powers writes "Q." before the head's title ("Q. CHỦ TỊCH")."""
    party = authority.is_party_body
    on_behalf_mark, for_mark = ("T/M", "K/T") if party else ("TM.", "KT.")
    title = head_title(authority).upper()
    on_behalf = ""
    if is_government(authority) and not party:
        on_behalf = f"{on_behalf_mark} " + _("PEOPLE'S COMMITTEE")
    if signer == Signer.DEPUTY:
        return {
            "signer_on_behalf": on_behalf,
            "signer_delegation": f"{for_mark} {title}",
            "signer_title": f"PHÓ {title}",
        }
    if signer == Signer.ACTING:
        title = f"Q. {title}"
    return {"signer_on_behalf": on_behalf, "signer_delegation": "", "signer_title": title}


def signer_in_force(authority: Unit, on: datetime.date) -> tuple[str, str]:
    """(signer, name) of the authority's one decision maker in force on ``on``: the
    position decides the block ("Phó …" signs KT., "Quyền …" signs Q.); ("head", "")
    when nobody or several people hold the role that day (the drafter chooses)."""
    people = list(members_of(units=[authority], roles=DECISION_MAKERS, today=on)[:2])
    if len(people) != 1:
        return Signer.HEAD, ""
    person = people[0]
    position = person.position.strip().lower()
    if position.startswith("phó"):
        return Signer.DEPUTY, person.full_name
    if position.startswith("quyền"):
        return Signer.ACTING, person.full_name
    return Signer.HEAD, person.full_name


def _issuer(authority: Unit) -> dict:
    parent = _parent(authority)
    party = authority.is_party_body
    return {
        "document_form": DocumentForm.PARTY if party else DocumentForm.STATE,
        "symbol": ("QĐ/" if party else "QĐ-") + abbreviation(authority),
        "issuer_parent": _governing_body(authority, parent),
        "issuer_name": _issuer_name(authority, parent),
        "issuer_power": _issuer_power(authority),
    }


# --- the text -------------------------------------------------------------------------


def _office_head(authority: Unit, on: datetime.date) -> str:
    """Who sees to the decision being carried out: the head of the authority's office."""
    unit = _lower_first(authority.name)
    if authority.kind == UnitKind.COMMUNE:
        if on >= COMMUNE_OFFICE_FROM:
            return _(
                "Chief of the Office of the People's Council and People's Committee of %(unit)s"
            ) % {"unit": unit}
        return _("Office and statistics civil servant of %(unit)s") % {"unit": unit}
    if authority.kind == UnitKind.DISTRICT:
        return _(
            "Chief of the Office of the People's Council and People's Committee of %(unit)s"
        ) % {"unit": unit}
    if authority.kind == UnitKind.PROVINCE:
        return _("Chief of the Office of the People's Committee of %(unit)s") % {"unit": unit}
    if authority.name.startswith("Trường "):
        return _("Head of the office team of %(unit)s") % {"unit": authority.name}
    return _("Chief of the Office of %(unit)s") % {"unit": authority.name}


def _articles(authority: Unit, on: datetime.date) -> str:
    return "\n".join(
        [
            _("This Decision takes effect from the date of signing."),
            _(
                "%(head)s, the heads of the agencies and units concerned and the collectives "
                "named in Article 1 are responsible for implementing this Decision./."
            )
            % {"head": _office_head(authority, on)},
        ]
    )


def guidance_citation(authority: Unit) -> str:
    """The guidance as the province cites it (``ProcessRules.guidance_reference``), or a
    blank for the drafter while the province's administrator has not set it."""
    reference = process_rules(unit=authority).guidance_reference.strip()
    return reference or _("Guidance No. … of …")


def guidance_reference_missing(authority: Unit) -> bool:
    """The province has not said which guidance its decisions cite (one query)."""
    return not process_rules(unit=authority).guidance_reference.strip()


def _legal_bases(authority: Unit, bright_spots) -> str:
    if is_government(authority) and not authority.is_party_body:
        competence = _("Pursuant to the Law on Organisation of Local Government of 16 June 2025;")
    else:
        competence = _(
            "Pursuant to Decision No. … defining the functions, tasks, powers and "
            "organisation of %(unit)s;"
        ) % {"unit": authority.name}
    return "\n".join(
        [
            competence,
            _("Pursuant to the Law on Implementing Grassroots Democracy of 10 November 2022;"),
            _(
                "Pursuant to %(guidance)s on criteria for building bright spots in "
                "implementing grassroots democracy regulations and in government mass "
                "mobilisation;"
            )
            % {"guidance": guidance_citation(authority)},
            _request_line(bright_spots),
        ]
    )


def proposing_body(dossier) -> str:
    """Who proposed the bright spot: the body that issued the request letter (a
    People's Committee by its full name), else the board or the leadership of the
    spot's unit the letter says it came from ("" when unknown)."""
    from apps.dossiers.enums import LetterIssuer

    body = dossier.letter_issuing_unit
    if body is not None:
        if is_government(body):
            return _("the People's Committee of %(unit)s") % {"unit": _lower_first(body.name)}
        return body.name
    unit = dossier.bright_spot.unit
    if dossier.letter_issuer == LetterIssuer.STEERING_BOARD:
        spot = dossier.bright_spot
        board = steering_board(process_of(cycle_id=spot.cycle_id), spot.kind)
        return _("the %(board)s of %(unit)s") % {"board": board, "unit": _lower_first(unit.name)}
    if dossier.letter_issuer == LetterIssuer.LEADERSHIP:
        if is_government(unit):
            return _("the People's Committee of %(unit)s") % {"unit": _lower_first(unit.name)}
        return _("the leadership of %(unit)s") % {"unit": unit.name}
    return ""


def _request_line(bright_spots) -> str:
    """The "Xét đề nghị của ..." basis, citing each request letter with its issuer."""
    from apps.dossiers.models import Dossier

    dossiers = (
        Dossier.objects.filter(bright_spot__in=bright_spots)
        .exclude(letter_number="")
        .select_related("letter_issuing_unit", "bright_spot__unit")
        .order_by("letter_date", "letter_number")
    )
    cited = list(dict.fromkeys(_cite(d) for d in dossiers))
    if len(cited) > MAX_CITED_LETTERS:
        return _("At the proposal in %(count)s request letters of the bodies concerned.") % {
            "count": len(cited)
        }
    if not cited:
        boards = _in_process_order(bright_spots, steering_board)
        return _("At the proposal of the %(boards)s.") % {"boards": _(" and ").join(boards)}
    return _("At the proposal %(letters)s.") % {"letters": "; ".join(cited)}


def _cite(dossier) -> str:
    values = {
        "issuer": proposing_body(dossier),
        "number": dossier.letter_number,
        "date": dossier.letter_date.strftime("%d/%m/%Y") if dossier.letter_date else BLANK,
    }
    if values["issuer"]:
        return _("of %(issuer)s in letter No. %(number)s of %(date)s") % values
    return _("in letter No. %(number)s of %(date)s") % values


def article_one(bright_spots, *, year: int) -> str:
    """Article 1 names the collectives (the units the bright spots belong to); the table
    below it gives each one's bright spot."""
    phrase = kinds_phrase(bright_spots)
    collectives = list(dict.fromkeys(spot.unit.name for spot in bright_spots))
    values = {"phrase": phrase, "year": year, "count": f"{len(collectives):02d}"}
    if len(collectives) > MAX_NAMED_COLLECTIVES:
        return (
            _(
                "To recognise %(phrase)s in %(year)s for the %(count)s collectives named "
                "below, for the bright spots listed beside them:"
            )
            % values
        )
    if len(collectives) == 1:
        return _("To recognise %(phrase)s in %(year)s for the collective %(names)s, for:") % {
            **values,
            "names": collectives[0],
        }
    return _(
        "To recognise %(phrase)s in %(year)s for the collectives %(names)s, for the bright "
        "spots listed beside them:"
    ) % {**values, "names": "; ".join(collectives)}


def article_one_for(bright_spots) -> str:
    """Article 1 for a changed list of bright spots, in the documents' language."""
    spots = list(bright_spots)
    with translation.override(settings.LANGUAGE_CODE):
        return article_one(spots, year=max(spot.cycle.year for spot in spots))


def drafting_unit_abbreviation(authority: Unit, drafter: User | None) -> str:
    """The drafting unit in "Lưu: VT, …": the drafter's own unit inside the authority
    (a department or an office), else the authority's office (VP)."""
    if drafter is None:
        return DRAFTER_OFFICE
    unit = (
        Unit.objects.filter(
            in_force_q(local_today(), "memberships"),
            memberships__user=drafter,
            path__startswith=authority.path,
            depth__gt=authority.depth,
        )
        .exclude(kind__in=GOVERNMENT_KINDS)
        .order_by("depth", "path")
        .first()
    )
    return abbreviation(unit) if unit else DRAFTER_OFFICE


def _recipients(authority: Unit, drafter: User | None) -> str:
    return "\n".join(
        [
            _("- As in Article 3;"),
            _("- Provincial Mass Mobilisation Commission;"),
            _("- Archives: VT, %(drafter)s.")
            % {"drafter": drafting_unit_abbreviation(authority, drafter)},
        ]
    )


def decision_initial(
    *, authority: Unit, bright_spots, on: datetime.date, drafter: User | None = None
) -> dict:
    """Field values for a new draft recognising ``bright_spots`` on date ``on``, drafted
    by ``drafter``."""
    signer, signer_name = signer_in_force(authority, on)
    with translation.override(settings.LANGUAGE_CODE):
        year = max((spot.cycle.year for spot in bright_spots), default=on.year)
        values = {
            **_issuer(authority),
            **signature_block(authority, signer),
            "signer": signer,
            "place": short_name(_government_unit(authority)),
            "signed_on": on,
            "title": _("On the recognition of %(phrase)s in %(year)s")
            % {"phrase": kinds_phrase(bright_spots), "year": year},
            "legal_bases": _legal_bases(authority, bright_spots),
            "article_one": article_one(bright_spots, year=year),
            "later_articles": _articles(authority, on),
            "recipients": _recipients(authority, drafter),
            "signer_name": signer_name,
        }
    template = DecisionTemplate.objects.filter(authority=authority).first()
    return {**values, **_from_template(template)} if template else values


def _from_template(template: DecisionTemplate) -> dict:
    """The template's non-empty fields; the signature block as a whole (a blank KT.
    line in a template whose head signs is meant)."""
    taken = {f: getattr(template, f) for f in TEMPLATE_FIELDS if getattr(template, f)}
    if template.signer_title:
        taken.update({f: getattr(template, f) for f in SIGNATURE_FIELDS})
        taken["signer"] = Signer.DEPUTY if template.signer_delegation.strip() else Signer.HEAD
    return taken


def signature_for(authority: Unit, signer: str) -> dict:
    """The signature block for ``signer``, in the documents' language."""
    with translation.override(settings.LANGUAGE_CODE):
        return signature_block(authority, signer)

"""The standard wording a new decision starts from: the authority's own template
(DecisionTemplate, kept by its administrators) over the guidance's defaults.

Decisions are Vietnamese documents, so the defaults are produced in
settings.LANGUAGE_CODE whatever language the person drafting uses.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apps.criteria.enums import BrightSpotKind
from apps.decisions.models import DecisionTemplate
from apps.units.enums import UnitKind
from apps.units.models import Unit

GOVERNMENT_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
NAME_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Đặc khu ")
MAX_CITED_LETTERS = 5
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


def kinds_phrase(kinds: set[str]) -> str:
    """The kinds of bright spot a decision recognises, as its title names them."""
    phrases = {
        BrightSpotKind.QCDC: _("bright spots in implementing grassroots democracy regulations"),
        BrightSpotKind.DVCQ: _("bright spots in government mass mobilisation"),
        BrightSpotKind.DVK: _("“Skilful mass mobilisation” models"),
    }
    return _(" and ").join(phrases[k] for k in BrightSpotKind.values if k in kinds)


def _government_unit(authority: Unit) -> Unit:
    """The authority itself when it is a UBND, else its nearest government ancestor."""
    if authority.kind in GOVERNMENT_KINDS:
        return authority
    ancestors = Unit.objects.ancestors_of(authority).filter(kind__in=GOVERNMENT_KINDS)
    return ancestors.order_by("-depth").first() or authority


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def _issuer(authority: Unit) -> dict:
    government = _government_unit(authority)
    if authority.kind in GOVERNMENT_KINDS:
        return {
            "symbol": "QĐ-UBND",
            "issuer_parent": "",
            "issuer_name": _("PEOPLE'S COMMITTEE") + "\n" + authority.name.upper(),
            "issuer_power": _("PEOPLE'S COMMITTEE") + " " + authority.name.upper(),
            "signer_on_behalf": _("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
            "signer_delegation": _("FOR THE CHAIR"),
            "signer_title": _("VICE CHAIR"),
        }
    return {
        "symbol": "QĐ-" + _initials(authority.name),
        "issuer_parent": _("PEOPLE'S COMMITTEE") + " " + government.name.upper(),
        "issuer_name": authority.name.upper(),
        "issuer_power": _("DIRECTOR OF") + " " + authority.name.upper(),
        "signer_on_behalf": "",
        "signer_delegation": "",
        "signer_title": _("DIRECTOR"),
    }


def _articles(authority: Unit) -> str:
    head = (
        _("Chief of Office of the People's Committee")
        if authority.kind in GOVERNMENT_KINDS
        else _("Chief of Office")
    )
    return "\n".join(
        [
            _("This Decision takes effect from the date of signing."),
            _(
                "%(head)s, the heads of the agencies and units concerned and the collectives "
                "named in Article 1 are responsible for implementing this Decision./."
            )
            % {"head": head},
        ]
    )


def _legal_bases(bright_spots) -> str:
    return "\n".join(
        [
            _("Pursuant to the Law on Organisation of Local Government of 16 June 2025;"),
            _("Pursuant to the Law on Implementing Grassroots Democracy of 10 November 2022;"),
            _(
                "Pursuant to the guidance of 06/6/2022 of the Nghệ An Provincial Party Committee's "
                "Mass Mobilisation Commission on criteria for building bright spots in "
                "implementing grassroots democracy regulations and in government mass "
                "mobilisation;"
            ),
            _request_line(bright_spots),
        ]
    )


def _request_line(bright_spots) -> str:
    """The "Xét đề nghị ..." basis, citing the request letters of the dossiers."""
    from apps.dossiers.models import Dossier

    letters = (
        Dossier.objects.filter(bright_spot__in=bright_spots)
        .exclude(letter_number="")
        .select_related("letter_issuing_unit")
        .values_list("letter_issuing_unit__name", "letter_number", "letter_date")
        .distinct()
        .order_by("letter_date", "letter_number")
    )
    cited = [_cite(issuer, number, date) for issuer, number, date in letters]
    if len(cited) > MAX_CITED_LETTERS:
        return _("At the proposal in %(count)s request letters of the bodies concerned.") % {
            "count": len(cited)
        }
    if not cited:
        return _(
            "At the proposal of the steering boards for grassroots democracy and for "
            "government mass mobilisation."
        )
    return _("At the proposal %(letters)s.") % {"letters": "; ".join(cited)}


def _cite(issuer: str | None, number: str, date) -> str:
    values = {
        "issuer": issuer,
        "number": number,
        "date": date.strftime("%d/%m/%Y") if date else "…",
    }
    if issuer:
        return _("of %(issuer)s in letter No. %(number)s of %(date)s") % values
    return _("in letter No. %(number)s of %(date)s") % values


def decision_initial(*, authority: Unit, bright_spots, on: datetime.date) -> dict:
    """Field values for a new draft recognising ``bright_spots`` on date ``on``."""
    with translation.override(settings.LANGUAGE_CODE):
        kinds = {spot.kind for spot in bright_spots}
        year = max((spot.cycle.year for spot in bright_spots), default=on.year)
        phrase = kinds_phrase(kinds)
        values = {
            **_issuer(authority),
            "place": short_name(_government_unit(authority)),
            "signed_on": on,
            "title": _("On the recognition of %(phrase)s in %(year)s")
            % {"phrase": phrase, "year": year},
            "legal_bases": _legal_bases(bright_spots),
            "article_one": _("To recognise %(phrase)s in %(year)s for the following:")
            % {"phrase": phrase, "year": year},
            "later_articles": _articles(authority),
            "recipients": "\n".join(
                [
                    _("- As in Article 3;"),
                    _("- Provincial Mass Mobilisation Commission;"),
                    _("- Archives: VT."),
                ]
            ),
            "signer_name": "",
        }
    template = DecisionTemplate.objects.filter(authority=authority).first()
    return {**values, **_from_template(template)} if template else values


def _from_template(template: DecisionTemplate) -> dict:
    """The template's non-empty fields; the signature block as a whole (a blank KT.
    line in a template whose head signs is meant)."""
    taken = {f: getattr(template, f) for f in TEMPLATE_FIELDS if getattr(template, f)}
    if template.signer_title:
        taken.update({f: getattr(template, f) for f in SIGNATURE_FIELDS})
    return taken

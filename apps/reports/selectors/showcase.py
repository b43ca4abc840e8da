"""The public showcase: recognised bright spots whose unit chose to show them.

Only bright spots that are recognised, hold a valid certificate (issued decision, not
revoked) and are marked public appear, and only the fields the unit wrote for the
public plus name, unit, year, kind and decision number: nothing else is read. People
are named only under the unit's recorded consent (``publishing.people_shown``).

Pages are computed once and cached as plain data under a key that includes
``showcase_version()``, which changes with any recognition, revocation or change of a
recognised bright spot: a revoked spot disappears on the next request, not after the
cache expires.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.services.publishing import people_shown
from apps.decisions.models import Certificate, Decision
from apps.units.enums import UnitKind
from apps.units.models import Unit

PUBLIC_FIELDS = (
    "id",
    "name",
    "kind",
    "public_summary",
    "public_effect",
    "publication_names_consent",
    "public_people",
    "unit__name",
    "unit__path",
    "cycle__year",
)
PLACE_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
PLACE_DEPTH = 3  # province → district (before 2025) → commune
SHOWCASE_PER_PAGE = 20
SHOWCASE_CACHE_SECONDS = 600
RECOGNITION_STATES = (BrightSpotStatus.RECOGNISED, BrightSpotStatus.NOT_RECOGNISED)


def showcased() -> QuerySet:
    valid = Certificate.objects.valid().values("bright_spot_id")
    return BrightSpot.objects.filter(
        status=BrightSpotStatus.RECOGNISED, is_public=True, pk__in=valid
    )


def showcase_spots(
    *, q: str = "", year: int | None = None, kind: str = "", place_path: str = ""
) -> QuerySet:
    """Showcased bright spots matching the filters (text without diacritics over the
    name, public summary and effect, and unit), newest year first, each with its
    valid certificates' decisions prefetched."""
    spots = showcased()
    text = (q or "").strip()
    if text:
        spots = spots.filter(
            Q(name__unaccent__icontains=text)
            | Q(public_summary__unaccent__icontains=text)
            | Q(public_effect__unaccent__icontains=text)
            | Q(unit__name__unaccent__icontains=text)
        )
    if year:
        spots = spots.filter(cycle__year=year)
    if kind:
        spots = spots.filter(kind=kind)
    if place_path:
        spots = spots.filter(unit__path__startswith=place_path)
    certificates = Certificate.objects.valid().select_related("decision").order_by("id")
    return (
        spots.select_related("unit", "cycle")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(Prefetch("certificates", queryset=certificates, to_attr="valid_certs"))
        .order_by("-cycle__year", "unit__name", "name", "id")
    )


def showcase_version() -> str:
    """Changes whenever a public bright spot is recognised, revoked, shown or hidden
    (it enters or leaves the set, or its ``updated_at`` moves), or a certificate or a
    decision is revoked (three small aggregates)."""
    spots = BrightSpot.objects.filter(status__in=RECOGNITION_STATES, is_public=True).aggregate(
        changed=Max("updated_at"),
        n=Count("pk"),
        recognised=Count("pk", filter=Q(status=BrightSpotStatus.RECOGNISED)),
    )
    certificates = Certificate.objects.aggregate(
        revoked=Max("revoked_at"), n=Count("pk", filter=Q(is_revoked=True))
    )
    decisions = Decision.objects.aggregate(revoked=Max("revoked_at"))
    return "|".join(map(str, [*spots.values(), *certificates.values(), decisions["revoked"]]))


def _cached(version: str, name: str, compute, *parts):
    raw = "|".join(map(str, (version, *parts)))
    key = f"showcase:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SHOWCASE_CACHE_SECONDS)
    return found


def showcase_choices(*, version: str) -> dict:
    """{"years": [...], "places": [(pk, name, depth, path)]}: the filters' choices,
    only years and places holding at least one showcased bright spot."""
    return _cached(version, "choices", _choices)


def _choices() -> dict:
    years = showcased().order_by("-cycle__year").values_list("cycle__year", flat=True)
    paths = set(showcased().values_list("unit__path", flat=True).distinct())
    prefixes = {p[: depth * Unit.steplen] for p in paths for depth in range(1, PLACE_DEPTH + 1)}
    places = (
        Unit.objects.filter(path__in=prefixes, kind__in=PLACE_KINDS, is_active=True)
        .order_by("path")
        .values_list("pk", "name", "depth", "path")
    )
    return {"years": list(years.distinct()), "places": list(places)}


def showcase_page(
    *,
    version: str,
    q: str = "",
    year: int | None = None,
    kind: str = "",
    place_path: str = "",
    page: int | str | None = 1,
) -> dict:
    """One page as plain data: {"count", "number", "items": [{name, kind, unit, year,
    summary, effect, decisions: [(number, date)]}]}."""
    filters = {"q": q, "year": year, "kind": kind, "place_path": place_path}
    return _cached(
        version, "page", lambda: _page(showcase_spots(**filters), page), *filters.values(), page
    )


def _page(spots, page) -> dict:
    current = Paginator(spots, SHOWCASE_PER_PAGE).get_page(page)
    return {
        "count": current.paginator.count,
        "number": current.number,
        "items": [
            {
                "name": spot.name,
                "kind": spot.kind,
                "unit": spot.unit.name,
                "year": spot.cycle.year,
                "summary": spot.public_summary,
                "effect": spot.public_effect,
                "people": people_shown(
                    names_consent=spot.publication_names_consent, people=spot.public_people
                ),
                "decisions": [
                    (c.decision.number_label, c.decision.signed_on) for c in spot.valid_certs
                ],
            }
            for spot in current
        ],
    }


def public_spot_count() -> int:
    """How many recognised bright spots the showcase shows (one query)."""
    return showcased().count()

"""The public showcase: recognised bright spots whose unit chose to show them.

Only bright spots that are recognised, hold a valid certificate (issued decision, not
revoked) and are marked public appear, and only the fields the unit wrote for the
public plus name, unit, year, kind and decision number: nothing else is read.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.decisions.models import Certificate
from apps.units.enums import UnitKind
from apps.units.models import Unit

PUBLIC_FIELDS = (
    "id",
    "name",
    "kind",
    "public_summary",
    "public_effect",
    "unit__name",
    "unit__path",
    "cycle__year",
)
PLACE_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
PLACE_DEPTH = 3  # province → district (before 2025) → commune
SHOWCASE_PER_PAGE = 20
SHOWCASE_CACHE_SECONDS = 300


def showcased() -> QuerySet:
    valid = Certificate.objects.valid().filter(bright_spot=OuterRef("pk"))
    return BrightSpot.objects.filter(
        Exists(valid), status=BrightSpotStatus.RECOGNISED, is_public=True
    )


def showcase_spots(*, q="", year=None, kind="", place: Unit | None = None) -> QuerySet:
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
    if place is not None:
        spots = spots.filter(unit__path__startswith=place.path)
    certificates = Certificate.objects.valid().select_related("decision").order_by("id")
    return (
        spots.select_related("unit", "cycle")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(Prefetch("certificates", queryset=certificates, to_attr="valid_certs"))
        .order_by("-cycle__year", "unit__name", "name", "id")
    )


def showcase_places() -> list[Unit]:
    """Provinces, districts and communes holding at least one showcased bright spot
    (two queries: the spots' unit paths, then the places above them)."""
    paths = set(showcased().values_list("unit__path", flat=True).distinct())
    prefixes = {p[: depth * Unit.steplen] for p in paths for depth in range(1, PLACE_DEPTH + 1)}
    return list(
        Unit.objects.filter(path__in=prefixes, kind__in=PLACE_KINDS, is_active=True)
        .order_by("path")
        .only("id", "name", "path", "depth")
    )


def showcase_years() -> list[int]:
    return list(
        showcased().order_by("-cycle__year").values_list("cycle__year", flat=True).distinct()
    )


def showcase_version() -> str:
    """Changes whenever a bright spot changes (recognised, revoked, made public or
    private) or a certificate is revoked: the cache key of the showcase."""
    spots = BrightSpot.objects.aggregate(changed=Max("updated_at"), n=Count("pk"))
    revoked = Certificate.objects.aggregate(at=Max("revoked_at"))["at"]
    return f"{spots['changed']}|{spots['n']}|{revoked}"


def showcase_page(*, q="", year=None, kind="", place=None, page=1) -> dict:
    """One page of the showcase as plain data, cached until the data changes (or
    ``SHOWCASE_CACHE_SECONDS``): {"count", "items": [{name, kind, unit, year,
    summary, effect, decisions: [(number, date)]}]}."""
    place_pk = place.pk if place is not None else None
    raw = f"{showcase_version()}|{q}|{year}|{kind}|{place_pk}|{page}"
    key = "showcase:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _page_data(showcase_spots(q=q, year=year, kind=kind, place=place), page)
        cache.set(key, found, SHOWCASE_CACHE_SECONDS)
    return found


def _page_data(spots, page) -> dict:
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
                "decisions": [
                    (c.decision.number_label, c.decision.signed_on) for c in spot.valid_certs
                ],
            }
            for spot in current
        ],
    }

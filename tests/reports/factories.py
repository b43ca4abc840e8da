"""Recognitions and revocations written straight to the tables (the decisions app's
workflow is tested there); enough for the reports' figures and the showcase."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.decisions.enums import DecisionStatus
from apps.decisions.models import Certificate, Decision
from tests.brightspots.factories import make_bright_spot
from tests.factories import UserFactory, make_unit
from tests.queries import page_queries


def recognise(spot, *, authority=None, number=1, signed_on=None) -> Decision:
    """An issued decision of ``authority`` (default: the spot's unit) recognising
    ``spot``, with its certificate; the spot becomes recognised."""
    signed_on = signed_on or datetime.date(spot.cycle.year, 11, 20)
    decision = Decision.objects.create(
        authority=authority or spot.unit,
        status=DecisionStatus.ISSUED,
        number=number,
        year=signed_on.year,
        place="Vinh",
        signed_on=signed_on,
        issuer_name="ỦY BAN NHÂN DÂN",
        issuer_power="ỦY BAN NHÂN DÂN",
        title="Về việc công nhận điểm sáng",
        legal_bases="Căn cứ Luật Tổ chức chính quyền địa phương;",
        article_one="Công nhận các điểm sáng sau:",
        later_articles="Quyết định có hiệu lực kể từ ngày ký.",
        recipients="Như Điều 3;",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn Đệ",
        created_by=UserFactory(),
    )
    Certificate.objects.create(
        decision=decision,
        bright_spot=spot,
        code=f"T{decision.pk:07d}{spot.pk:08d}"[:16],
        serial=1,
        holder_name=spot.name,
        unit_name=spot.unit.name,
        kind=spot.kind,
        year=spot.cycle.year,
    )
    BrightSpot.objects.filter(pk=spot.pk).update(status=BrightSpotStatus.RECOGNISED)
    spot.refresh_from_db()
    return decision


def revoke(decision, *, keep_spot_status=False) -> None:
    """Revoke ``decision``: its certificates are revoked and (unless told otherwise)
    its bright spots become not recognised."""
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.REVOKED)
    decision.certificates.update(is_revoked=True, revoked_at=datetime.datetime.now(datetime.UTC))
    if not keep_spot_status:
        BrightSpot.objects.filter(certificates__decision=decision).update(
            status=BrightSpotStatus.NOT_RECOGNISED
        )


def make_recognised_spot(unit, *, cycle, number: int = 1) -> BrightSpot:
    """A bright spot of ``unit`` in ``cycle`` recognised by decision ``number`` of its
    own unit, read back as recognised."""
    spot = make_bright_spot(unit, cycle=cycle, status=BrightSpotStatus.IN_RECOGNITION)
    recognise(spot, number=number)
    spot.refresh_from_db()
    return spot


@dataclass
class CachedFigures:
    worked_out: int  # queries of the page worked out afresh
    shared_queries: int  # queries of the page once its figures are cached
    shared: str  # the page a minute later, after a new unit: the cached figures
    own: str  # the page of another subtree meanwhile
    fresh: str  # the page once the cache has expired


def figures_over_a_minute(client, url: str, params: dict, *, landscape, settings):
    """A report page with its figures cached for a minute: its queries before and
    after the cache is turned on, then the page after a unit "Xã Mới" is added, the
    page of the subtree of "Xã B" meanwhile, and the page once the minute is over."""
    worked_out = page_queries(client, url, params)
    settings.DASHBOARD_CACHE_SECONDS = 60
    shared_queries = page_queries(client, url, params)  # the first of two GETs fills it
    make_unit("Xã Mới", parent=landscape.province, code="NEW")
    shared = client.get(url, params).content.decode()
    own = client.get(url, {**params, "unit": landscape.b.pk}).content.decode()
    cache.clear()  # a minute later
    fresh = client.get(url, params).content.decode()
    return CachedFigures(worked_out, shared_queries, shared, own, fresh)

"""Factories for decisions: proposed bright spots (with their PROPOSED dossier),
drafts and issued decisions made through the services."""

import datetime

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.criteria.enums import BrightSpotKind
from apps.decisions import services
from apps.decisions.models import CommendationPeriod
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from tests.brightspots.factories import make_bright_spot
from tests.factories import make_member


def make_authority(unit):
    """Mark ``unit`` a recognising authority (UBND of its level or head of an agency)."""
    unit.is_recognising_authority = True
    unit.save(update_fields=["is_recognising_authority"])
    return unit


def make_proposed_spot(unit, *, kind=BrightSpotKind.QCDC, name=None, letter=True, **fields):
    """A bright spot in recognition whose dossier was proposed (request letter sent)."""
    spot = make_bright_spot(
        unit, kind=kind, status=BrightSpotStatus.IN_RECOGNITION, name=name, activities=0, **fields
    )
    Dossier.objects.create(
        bright_spot=spot,
        status=DossierStatus.PROPOSED,
        created_by=spot.created_by,
        updated_by=spot.created_by,
        letter_number="12/CV-BCĐ" if letter else "",
        letter_date=datetime.date(2026, 10, 20) if letter else None,
    )
    return spot


def decision_maker_of(unit, **user_fields):
    return make_member(unit, Role.DECISION_MAKER, **user_fields)


def make_draft(authority, spots, *, by=None):
    by = by or decision_maker_of(authority)
    return services.decision_create(authority=authority, bright_spots=spots, by=by)


def make_issued(authority, spots, *, by=None, signer_name="Nguyễn Văn Đệ"):
    """A decision issued by a decision maker of ``authority``."""
    by = by or decision_maker_of(authority)
    decision = make_draft(authority, spots, by=by)
    services.decision_update(decision=decision, by=by, values={"signer_name": signer_name})
    return services.decision_issue(decision=decision, by=by)


def first_period() -> CommendationPeriod:
    """The guidance's first period, 2021–2025 (created by a data migration)."""
    period, _ = CommendationPeriod.objects.get_or_create(
        start_year=2021, end_year=2025, defaults={"conference_year": 2025}
    )
    return period

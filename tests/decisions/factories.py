"""Factories for decisions: proposed bright spots (with their PROPOSED dossier),
drafts and issued decisions made through the services, by default on the last day of
the recognition window of the spots' cycle (30/11), when a decision may be issued."""

import datetime
from zoneinfo import ZoneInfo

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.decisions import services
from apps.decisions.models import CommendationPeriod
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from apps.units.enums import UnitKind, UnitLevel
from tests.brightspots.factories import make_bright_spot
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind


def make_authority(unit):
    """Mark ``unit`` a recognising authority (UBND of its level or head of an agency)."""
    unit.is_recognising_authority = True
    unit.save(update_fields=["is_recognising_authority"])
    return unit


def make_department(parent, name, *, kind=UnitKind.DEPARTMENT, **fields):
    """A provincial department, board or school under ``parent``."""
    level = UnitLevel.PROVINCE if kind == UnitKind.DEPARTMENT else UnitLevel.UNIT
    return make_unit(name, parent=parent, kind=kind, level=level, **fields)


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


VINH = ZoneInfo("Asia/Ho_Chi_Minh")


def in_window(spots, *, day=None) -> datetime.datetime:
    """09:00 in Vinh on ``day`` (default: the close of the recognition window of the
    newest cycle among ``spots``)."""
    if day is None:
        day = max((spot.cycle for spot in spots), key=lambda cycle: cycle.year).recognition_closes
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=VINH)


def make_draft(authority, spots, *, by=None, now=None):
    """A draft dated ``now`` (default: inside the recognition window)."""
    by = by or decision_maker_of(authority)
    now = now or in_window(spots)
    return services.decision_create(authority=authority, bright_spots=spots, by=by, now=now)


def make_issued(authority, spots, *, by=None, signer_name="Nguyễn Văn Đệ", now=None):
    """A decision issued by a decision maker of ``authority`` at ``now`` (default:
    inside the recognition window, the day it is dated)."""
    by = by or decision_maker_of(authority)
    now = now or in_window(spots)
    decision = make_draft(authority, spots, by=by, now=now)
    services.decision_update(decision=decision, by=by, values={"signer_name": signer_name})
    return services.decision_issue(decision=decision, by=by, now=now)


def first_period() -> CommendationPeriod:
    """The guidance's first period, 2021–2025 (created by a data migration)."""
    period, _ = CommendationPeriod.objects.get_or_create(
        start_year=2021, end_year=2025, defaults={"conference_year": 2025}
    )
    return period

"""Writes about people: handing a departed person's roles and work over, onboarding."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.accounts.enums import UNIT_STAFF, Role
from apps.accounts.models import Membership, User, in_force_q
from apps.accounts.permissions import can
from apps.core.models import AuditEvent
from apps.core.services import audit_event, audit_record
from apps.core.workflow import NotPermitted, Refused
from apps.units.models import Unit


@dataclass(frozen=True)
class Handover:
    """What a handover did: memberships ended and given, work moved (primary keys)."""

    ended: list[int]
    granted: list[int]
    spots: list[int]
    appraisals: list[int]
    grants: list[int]


def membership_hand_over(
    *,
    unit: Unit,
    departed: User,
    successor: User,
    last_day: datetime.date,
    by: User,
    now: datetime.datetime,
) -> Handover:
    """In one transaction: end every role ``departed`` holds in ``unit`` on
    ``last_day`` (the roles in force that day), give ``successor`` the same roles from
    the next day (until the day the departed's would have ended; a role the successor
    already holds then is not doubled), and move the departed's pending work:

    - ``BrightSpot.officer`` of the spots of the unit's subtree still under way, when a
      unit staff role (officer, leader) was handed over;
    - ``Dossier.appraiser`` of the dossiers under appraisal, and the explicit appraise
      grants on dossiers awaiting appraisal, when an appraiser role was handed over and
      the departed keeps no appraiser role after ``last_day``.

    What records history stays: who created, sent, submitted, appraised, issued.
    Audited: one row on the unit (the lists above), one on each spot and dossier
    moved. Refused when ``departed`` holds no role in the unit on ``last_day``."""
    if not can(by, "accounts.handover", unit):
        raise NotPermitted(_("You may not hand over roles in this unit."))
    if successor.pk == departed.pk or not successor.is_active:
        raise Refused(_("Choose an active successor other than the departed person."))
    with transaction.atomic():
        held = list(
            Membership.objects.select_for_update()
            .filter(in_force_q(last_day), unit=unit, user=departed)
            .order_by("role")
        )
        if not held:
            raise Refused(
                _("%(name)s holds no role in this unit on %(date)s.")
                % {"name": departed, "date": last_day.strftime("%d/%m/%Y")}
            )
        granted = _end_and_grant(held, successor, last_day)
        roles = {m.role for m in held}
        spots = _move_spots(unit, departed, successor) if roles & UNIT_STAFF else []
        appraisals, grants = [], []
        if Role.APPRAISER in roles and not _keeps_appraising(departed, last_day):
            appraisals, grants = _move_appraisals(departed, successor)
        result = Handover([m.pk for m in held], granted, spots, appraisals, grants)
        _audit(unit, departed, successor, last_day, result, by=by, now=now)
    return result


def _end_and_grant(held: list[Membership], successor: User, last_day: datetime.date) -> list[int]:
    next_day = last_day + datetime.timedelta(days=1)
    already = set(
        Membership.objects.filter(
            in_force_q(next_day), unit=held[0].unit_id, user=successor
        ).values_list("role", flat=True)
    )
    granted = []
    for membership in held:
        until = membership.ends_on
        membership.ends_on = last_day
        membership.save(update_fields=["ends_on"])
        if membership.role in already or (until is not None and until < next_day):
            continue
        given, _created = Membership.objects.get_or_create(
            user=successor,
            unit_id=membership.unit_id,
            role=membership.role,
            starts_on=next_day,
            defaults={"ends_on": until},
        )
        already.add(membership.role)
        granted.append(given.pk)
    return granted


def _keeps_appraising(user: User, last_day: datetime.date) -> bool:
    """An appraiser role elsewhere that goes on (or starts) after ``last_day``."""
    return (
        Membership.objects.filter(user=user, role=Role.APPRAISER)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=last_day))
        .exists()
    )


def _move_spots(unit: Unit, departed: User, successor: User) -> list[int]:
    from apps.brightspots.enums import BrightSpotStatus as S
    from apps.brightspots.models import BrightSpot

    closed = [S.RECOGNISED, S.NOT_RECOGNISED, S.WITHDRAWN]
    spots = BrightSpot.objects.filter(officer=departed, unit__path__startswith=unit.path).exclude(
        status__in=closed
    )
    moved = list(spots.values_list("pk", flat=True))
    BrightSpot.objects.filter(pk__in=moved).update(officer=successor)
    return moved


def _move_appraisals(departed: User, successor: User) -> tuple[list[int], list[int]]:
    from guardian.models import UserObjectPermission
    from guardian.shortcuts import assign_perm

    from apps.dossiers.enums import AWAITING_APPRAISAL, DossierStatus
    from apps.dossiers.models import APPRAISE_PERMISSION, Dossier

    under = Dossier.objects.filter(appraiser=departed, status=DossierStatus.UNDER_APPRAISAL)
    appraisals = list(under.values_list("pk", flat=True))
    Dossier.objects.filter(pk__in=appraisals).update(appraiser=successor)
    codename = APPRAISE_PERMISSION.split(".", 1)[-1]
    granted = UserObjectPermission.objects.filter(
        user=departed,
        permission__codename=codename,
        content_type=ContentType.objects.get_for_model(Dossier),
    )
    pending = Dossier.objects.filter(
        pk__in=[int(pk) for pk in granted.values_list("object_pk", flat=True)],
        status__in=AWAITING_APPRAISAL,
    )
    grants = []
    for dossier in pending:
        assign_perm(APPRAISE_PERMISSION, successor, dossier)
        grants.append(dossier.pk)
    granted.filter(object_pk__in=[str(pk) for pk in grants]).delete()
    return appraisals, grants


def _audit(unit, departed, successor, last_day, result: Handover, *, by, now) -> None:
    data = {
        "departed": departed.pk,
        "successor": successor.pk,
        "last_day": last_day.isoformat(),
        "ended": result.ended,
        "granted": result.granted,
        "spots": result.spots,
        "appraisals": result.appraisals,
        "grants": result.grants,
    }
    audit_record(actor=by, target=unit, action="handover", data=data, at=now)
    moved = {"departed": departed.pk, "successor": successor.pk}
    rows = []
    for model_label, pks in (("brightspots.brightspot", result.spots),):
        rows += _rows(model_label, pks, "handover_officer", moved, by, now)
    dossier_pks = sorted(set(result.appraisals) | set(result.grants))
    rows += _rows("dossiers.dossier", dossier_pks, "handover_appraiser", moved, by, now)
    AuditEvent.objects.bulk_create(rows)


def _rows(model_label: str, pks, action: str, data: dict, by, now) -> list[AuditEvent]:
    app_label, model = model_label.split(".")
    content_type = ContentType.objects.get_by_natural_key(app_label, model)
    return [
        audit_event(
            actor=by, content_type=content_type, object_id=pk, action=action, data=data, at=now
        )
        for pk in pks
    ]

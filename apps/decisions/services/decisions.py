"""Recognition decisions: draft, edit, issue, revoke. Each state change goes through
``_set_state``; drafts change only through ``decision_update`` and
``decision_set_bright_spots``. An issued decision is never edited."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import bright_spot_not_recognise, bright_spot_recognise
from apps.core.services import audit_record
from apps.cycles.selectors import local_today
from apps.decisions.enums import DECISION_TRANSITIONS, DecisionStatus
from apps.decisions.models import Certificate, Decision, DecisionItem
from apps.decisions.selectors import (
    CODE_ALPHABET,
    CODE_LENGTH,
    nearest_authority,
    next_decision_number,
    recognisable_bright_spots,
)
from apps.decisions.wording import decision_initial
from apps.notifications.services import notify

# What a draft's form may change; everything else is set by the services.
EDITABLE_FIELDS = (
    "number",
    "symbol",
    "place",
    "signed_on",
    "issuer_parent",
    "issuer_name",
    "issuer_power",
    "title",
    "legal_bases",
    "article_one",
    "later_articles",
    "recipients",
    "signer_on_behalf",
    "signer_delegation",
    "signer_title",
    "signer_name",
)


class DecisionRefused(PermissionDenied):
    """The actor may not do this to this decision."""


class DecisionInvalid(ValidationError):
    """The decision or its bright spots do not allow this step."""


def require_allowed(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise DecisionRefused(_("You may not do this for this authority."))


def _check_recognisable(*, authority, bright_spots, decision=None) -> list[BrightSpot]:
    """Each bright spot must be proposed, at ``authority``'s level, and in no other live
    decision; the message names the first that is not."""
    spots = list(bright_spots)
    if not spots:
        raise DecisionInvalid(_("Choose at least one proposed bright spot."))
    eligible = set(
        recognisable_bright_spots(authority=authority, decision=decision)
        .filter(pk__in=[s.pk for s in spots])
        .values_list("pk", flat=True)
    )
    for spot in spots:
        if spot.pk not in eligible:
            raise DecisionInvalid(_wrong_spot_message(spot, authority))
    return spots


def _wrong_spot_message(spot: BrightSpot, authority) -> str:
    own = nearest_authority(spot.unit)
    if own is None or own.pk != authority.pk:
        return _("“%(spot)s” is recognised at the level of %(own)s, not by %(authority)s.") % {
            "spot": spot.name,
            "own": own or _("no authority"),
            "authority": authority,
        }
    return _("“%(spot)s” is not awaiting recognition, or another decision lists it.") % {
        "spot": spot.name
    }


def decision_create(*, authority, bright_spots, by) -> Decision:
    """Draft a decision of ``authority`` recognising ``bright_spots``, prefilled with the
    authority's template and the guidance's wording and the next free number."""
    require_allowed(by, "decisions.create", authority)
    with transaction.atomic():
        spots = _check_recognisable(authority=authority, bright_spots=bright_spots)
        today = local_today()
        values = decision_initial(authority=authority, bright_spots=spots, on=today)
        decision = Decision(authority=authority, created_by=by, year=today.year, **values)
        decision.number = next_decision_number(authority=authority, year=today.year)
        _save_new(decision)
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=decision, bright_spot=s, order=i) for i, s in enumerate(spots)
        )
        audit_record(actor=by, target=decision, action="create", to_state=decision.status)
    return decision


def _save_new(decision: Decision) -> None:
    """Save, moving to the next number if a concurrent draft just took this one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                decision.save()
            return
        except IntegrityError:
            decision.number += 1
    raise DecisionInvalid(_("Could not find a free decision number; try again."))


def decision_update(*, decision: Decision, by, values: dict) -> Decision:
    """Change a draft's text fields (only those in EDITABLE_FIELDS)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        changed = [f for f in values if getattr(locked, f) != values[f]]
        for field in changed:
            setattr(locked, field, values[field])
        locked.year = locked.signed_on.year
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changed, "year", "updated_at"])
        except IntegrityError:
            raise DecisionInvalid(
                _("Number %(label)s is already used by this authority in %(year)s.")
                % {"label": locked.number_label, "year": locked.year}
            ) from None
        audit_record(actor=by, target=locked, action="edit", data={"fields": changed})
    return locked


def _lock_draft(decision: Decision, by) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.DRAFT:
        raise DecisionInvalid(_("An issued decision cannot be changed; it can only be revoked."))
    require_allowed(by, "decisions.edit", locked)
    return locked


def decision_set_bright_spots(*, decision: Decision, bright_spots, by) -> Decision:
    """Replace the bright spots listed in Article 1 of a draft."""
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        spots = _check_recognisable(
            authority=locked.authority, bright_spots=bright_spots, decision=locked
        )
        locked.items.all().delete()
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=locked, bright_spot=s, order=i) for i, s in enumerate(spots)
        )
        audit_record(
            actor=by, target=locked, action="set_bright_spots", data={"ids": [s.pk for s in spots]}
        )
    return locked


def decision_delete(*, decision: Decision, by) -> None:
    """Discard a draft (its number becomes free again)."""
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        audit_record(actor=by, target=locked, action="delete", from_state=locked.status)
        locked.delete()


def _set_state(
    *, decision: Decision, to: str, by, action: str, fields: dict, check=None, comment: str = ""
) -> Decision:
    """Lock, check the transition, the actor (rule ``decisions.<action>``) and
    ``check(locked)``; set ``fields`` and the status, save, audit."""
    locked = Decision.objects.select_for_update().select_related("authority").get(pk=decision.pk)
    if to not in DECISION_TRANSITIONS[locked.status]:
        raise DecisionInvalid(
            _("This decision is “%(status)s”; that step is not possible now.")
            % {"status": locked.get_status_display()}
        )
    require_allowed(by, f"decisions.{action}", locked)
    if check:
        check(locked)
    from_state, locked.status = locked.status, to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields, "updated_at"])
    audit_record(
        actor=by, target=locked, action=action, from_state=from_state, to_state=to, comment=comment
    )
    decision.status = locked.status
    return locked


def decision_issue(*, decision: Decision, by) -> Decision:
    """Issue a draft: it becomes immutable; each bright spot gets a certificate with a
    verification code and is marked recognised; the units are notified.

    Refused when the date lies in the future or a bright spot is no longer proposed at
    this authority's level.
    """

    def check(locked):
        if locked.signed_on > local_today():
            raise DecisionInvalid(_("The decision's date is in the future."))
        spots = [item.bright_spot for item in locked.items.select_related("bright_spot__unit")]
        _check_recognisable(authority=locked.authority, bright_spots=spots, decision=locked)

    with transaction.atomic():
        locked = _set_state(
            decision=decision,
            to=DecisionStatus.ISSUED,
            by=by,
            action="issue",
            fields={"issued_at": timezone.now(), "issued_by": by},
            check=check,
        )
        certificates = _create_certificates(locked)
        for certificate in certificates:
            bright_spot_recognise(
                bright_spot=certificate.bright_spot, by=by, decision_label=locked.number_label
            )
        _notify_units(locked, certificates, template="decision_issued")
    return locked


def _create_certificates(decision: Decision) -> list[Certificate]:
    items = list(decision.items.select_related("bright_spot__unit", "bright_spot__cycle"))
    codes = new_certificate_codes(len(items))
    return Certificate.objects.bulk_create(
        Certificate(
            decision=decision,
            bright_spot=item.bright_spot,
            code=code,
            serial=serial,
            holder_name=item.bright_spot.name,
            unit_name=item.bright_spot.unit.name,
            kind=item.bright_spot.kind,
            year=item.bright_spot.cycle.year,
        )
        for serial, (item, code) in enumerate(zip(items, codes, strict=True), start=1)
    )


def new_certificate_codes(count: int) -> list[str]:
    """``count`` fresh codes of 10 Crockford base-32 characters (50 random bits each):
    short enough to type, too many to guess behind a rate-limited page."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {_random_code() for _i in range(count - len(codes))}
        taken = set(Certificate.objects.filter(code__in=batch).values_list("code", flat=True))
        codes |= batch - taken
    return list(codes)


def _random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def decision_revoke(*, decision: Decision, by, reason: str) -> Decision:
    """Revoke an issued decision: its certificates are marked revoked (the public page
    says so) and its bright spots become not recognised, with ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        raise DecisionInvalid(_("Give the reason for revoking the decision."))
    with transaction.atomic():
        locked = _set_state(
            decision=decision,
            to=DecisionStatus.REVOKED,
            by=by,
            action="revoke",
            fields={"revoked_at": timezone.now(), "revoked_by": by, "revocation_reason": reason},
            comment=reason,
        )
        certificates = list(locked.certificates.select_related("bright_spot__unit"))
        locked.certificates.update(is_revoked=True, revoked_at=locked.revoked_at)
        for certificate in certificates:
            if certificate.bright_spot.status == BrightSpotStatus.RECOGNISED:
                bright_spot_not_recognise(
                    bright_spot=certificate.bright_spot,
                    by=by,
                    reason=_("Decision %(label)s revoked: %(reason)s")
                    % {"label": locked.number_label, "reason": reason},
                )
        _notify_units(locked, certificates, template="decision_revoked")
    return locked


def _notify_units(decision: Decision, certificates: list[Certificate], *, template: str) -> None:
    """The officers and leaders of each listed unit, once per unit and decision."""
    from apps.accounts.models import Membership

    by_unit: dict = {}
    for certificate in certificates:
        by_unit.setdefault(certificate.bright_spot.unit, []).append(certificate)
    members = Membership.objects.filter(
        unit__in=list(by_unit), role__in=[Role.OFFICER, Role.LEADER], user__is_active=True
    ).select_related("user")
    users_of: dict = {}
    for membership in members:
        users_of.setdefault(membership.unit_id, {})[membership.user_id] = membership.user
    for unit, unit_certificates in by_unit.items():
        notify(
            users=list(users_of.get(unit.pk, {}).values()),
            template=template,
            context={"decision": decision, "unit": unit, "certificates": unit_certificates},
            url=decision.get_absolute_url(),
            dedupe_key=f"{template}:{decision.pk}:{unit.pk}",
        )

"""Recognition decisions: draft, edit, issue, revoke. Issuing and revoking are the steps
of ``DECISION_WORKFLOW`` (declared in ``apps/decisions/workflow.py``), taken through
``apps.core.workflow``; drafts change only through ``decision_update`` and
``decision_set_bright_spots``. An issued decision is never edited."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.services.publishing import OFF_THE_SHOWCASE
from apps.brightspots.workflow import SPOT_WORKFLOW
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, require_text, transition, transition_many
from apps.cycles.selectors import local_today
from apps.decisions.enums import DecisionStatus, Signer
from apps.decisions.models import Certificate, Decision, DecisionItem
from apps.decisions.selectors import (
    CODE_ALPHABET,
    CODE_LENGTH,
    next_certificate_serial,
    next_decision_number,
)
from apps.decisions.wording import article_one_for, decision_initial, signature_for
from apps.decisions.workflow import DECISION_WORKFLOW, recognisable_refusal, wrong_spot_message
from apps.units.models import Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db import models


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
    "signer",
    "signer_on_behalf",
    "signer_delegation",
    "signer_title",
    "signer_name",
)


def require_allowed(user: User, action: str, obj: models.Model) -> None:
    if not can(user, action, obj):
        raise NotPermitted(_("You may not do this for this authority."))


def _check_recognisable(*, authority, bright_spots, decision=None) -> list[BrightSpot]:
    spots = list(bright_spots)
    refusal = recognisable_refusal(authority=authority, bright_spots=spots, decision=decision)
    if refusal:
        raise Refused(refusal)
    return spots


def decision_create(
    *,
    authority: Unit,
    bright_spots: Iterable[BrightSpot],
    by: User,
    now: datetime.datetime | None = None,
) -> Decision:
    """Draft a decision of ``authority`` recognising ``bright_spots``, prefilled with the
    authority's template and the guidance's wording and the next free number.

    Effects: the Decision and its DecisionItem rows; audit "create".
    """
    require_allowed(by, "decisions.create", authority)
    with transaction.atomic():
        spots = _check_recognisable(authority=authority, bright_spots=bright_spots)
        today = local_today(now)
        values = decision_initial(authority=authority, bright_spots=spots, on=today, drafter=by)
        decision = Decision(authority=authority, created_by=by, year=today.year, **values)
        decision.number = next_decision_number(authority=authority, year=today.year)
        _save_new(decision)
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=decision, bright_spot=s, order=i) for i, s in enumerate(spots)
        )
        audit_record(actor=by, target=decision, action="create", to_state=decision.status, at=now)
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
    raise Refused(_("Could not find a free decision number; try again."))


def decision_update(
    *, decision: Decision, by: User, values: dict, now: datetime.datetime | None = None
) -> Decision:
    """Change a draft's text fields (only those in EDITABLE_FIELDS). Choosing another
    signer (head or deputy) writes that signer's signature block over the one given.

    Effects: the changed fields (and the year of the date) saved; audit "edit".
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if values.get("signer", Signer.HEAD) not in Signer.values:
        raise ValueError(f"no such signer: {values['signer']!r}")
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        if "signer" in values and values["signer"] != locked.signer:
            values = {**values, **signature_for(locked.authority, values["signer"])}
        changed = [f for f in values if getattr(locked, f) != values[f]]
        for field in changed:
            setattr(locked, field, values[field])
        locked.year = locked.signed_on.year
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changed, "year", "updated_at"])
        except IntegrityError:
            raise Refused(
                _("Number %(label)s is already used by this authority in %(year)s.")
                % {"label": locked.number_label, "year": locked.year}
            ) from None
        audit_record(actor=by, target=locked, action="edit", data={"fields": changed}, at=now)
    return locked


def _lock_draft(decision: Decision, by: User) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.DRAFT:
        raise Refused(_("An issued decision cannot be changed; it can only be revoked."))
    require_allowed(by, "decisions.edit", locked)
    return locked


def decision_set_bright_spots(
    *,
    decision: Decision,
    bright_spots: Iterable[BrightSpot],
    by: User,
    now: datetime.datetime | None = None,
) -> Decision:
    """Replace the bright spots listed in Article 1 of a draft.

    Effects: the DecisionItem rows replaced; Article 1 rewritten to name the
    collectives of the new list; audit "set_bright_spots".
    """
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        spots = _check_recognisable(
            authority=locked.authority, bright_spots=bright_spots, decision=locked
        )
        locked.items.all().delete()
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=locked, bright_spot=s, order=i) for i, s in enumerate(spots)
        )
        locked.article_one = article_one_for(spots)
        locked.save(update_fields=["article_one", "updated_at"])
        audit_record(
            actor=by,
            target=locked,
            action="set_bright_spots",
            data={"ids": [s.pk for s in spots]},
            at=now,
        )
    return locked


def decision_delete(*, decision: Decision, by: User, now: datetime.datetime | None = None) -> None:
    """Discard a draft (its number becomes free again). Effects: audit "delete"."""
    with transaction.atomic():
        locked = _lock_draft(decision, by)
        audit_record(actor=by, target=locked, action="delete", from_state=locked.status, at=now)
        locked.delete()


def decision_issue(
    *, decision: Decision, by: User, now: datetime.datetime | None = None
) -> Decision:
    """Issue a draft: it becomes immutable.

    Refused when the date lies in the future, when the date or ``now`` lies outside the
    recognition window of the spots' cycle (15/10–30/11, or later by the authority's
    extension), or when a bright spot is no longer proposed at this authority's level.
    Effects: each bright spot gets a certificate with a verification code and the next
    numbers of the authority's register for the year, and is marked recognised (one
    audit row each); audit "issue"; the officers and leaders of each listed unit are
    notified.
    """

    def effect(locked: Decision, by: User, now: datetime.datetime) -> dict:
        certificates = _create_certificates(locked)
        _recognise(locked, certificates, by=by, now=now)
        return {"issued_at": now, "issued_by": by}

    return transition(DECISION_WORKFLOW, decision, verb="issue", by=by, now=now, effect=effect)


def _recognise(decision: Decision, certificates: list[Certificate], *, by: User, now) -> None:
    """Mark the certificates' bright spots recognised; refused (and rolled back) when one
    left recognition since the decision was checked."""
    spots = {c.bright_spot_id: c.bright_spot for c in certificates}
    moved = transition_many(
        SPOT_WORKFLOW,
        BrightSpot.objects.filter(pk__in=spots),
        verb="recognise",
        by=by,
        now=now,
        comment=decision.number_label,
    )
    missing = sorted(set(spots) - set(moved))
    if missing:
        raise Refused(wrong_spot_message(spots[missing[0]], decision.authority))


def _create_certificates(decision: Decision) -> list[Certificate]:
    """One certificate per listed bright spot, numbered on in the authority's register
    for the decision's year (the authority's row is locked so that two decisions
    issued at once do not take the same numbers)."""
    Unit.objects.select_for_update().filter(pk=decision.authority_id).first()
    first = next_certificate_serial(authority=decision.authority, year=decision.year)
    items = list(decision.items.select_related("bright_spot__unit", "bright_spot__cycle"))
    codes = new_certificate_codes(len(items))
    return Certificate.objects.bulk_create(
        Certificate(
            decision=decision,
            authority_id=decision.authority_id,
            register_year=decision.year,
            bright_spot=item.bright_spot,
            code=code,
            serial=serial,
            holder_name=item.bright_spot.name,
            unit_name=item.bright_spot.unit.name,
            kind=item.bright_spot.kind,
            year=item.bright_spot.cycle.year,
        )
        for serial, (item, code) in enumerate(zip(items, codes, strict=True), start=first)
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


def decision_revoke(
    *, decision: Decision, by: User, reason: str, now: datetime.datetime | None = None
) -> Decision:
    """Revoke an issued decision, giving ``reason``.

    Effects: its certificates are marked revoked (the public page says so); its
    recognised bright spots become not recognised (one audit row each, naming the
    decision and the reason); audit "revoke" with the reason; the officers and leaders
    of each listed unit are notified.
    """
    reason = require_text(reason, _("Give the reason for revoking the decision."))

    def effect(locked: Decision, by: User, now: datetime.datetime) -> dict:
        locked.certificates.update(is_revoked=True, revoked_at=now)
        transition_many(
            SPOT_WORKFLOW,
            BrightSpot.objects.filter(
                pk__in=locked.certificates.values("bright_spot_id"),
                status=BrightSpotStatus.RECOGNISED,
            ),
            verb="not_recognise",
            by=by,
            now=now,
            comment=_("Decision %(label)s revoked: %(reason)s")
            % {"label": locked.number_label, "reason": reason},
            values=OFF_THE_SHOWCASE,
        )
        return {"revoked_at": now, "revoked_by": by, "revocation_reason": reason}

    return transition(
        DECISION_WORKFLOW, decision, verb="revoke", by=by, now=now, comment=reason, effect=effect
    )

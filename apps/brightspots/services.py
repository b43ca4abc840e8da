"""State changes of bright spots. Every one goes through ``_set_state``.

The recognition-phase verbs below are called by the dossier and decision services
inside their own transactions; they check the transition, not the actor, because
the calling service has already checked who may act on the dossier or decision.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.brightspots.enums import ALLOWED_TRANSITIONS, BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.core.services import audit_record


class TransitionNotAllowed(ValidationError):
    pass


def _set_state(
    *, bright_spot: BrightSpot, to: str, by, action: str, comment: str = ""
) -> BrightSpot:
    """Lock the row, check the transition, save, audit. Returns the fresh row."""
    with transaction.atomic():
        locked = BrightSpot.objects.select_for_update().get(pk=bright_spot.pk)
        if to not in ALLOWED_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(
                _("This bright spot is “%(status)s”; that step is not possible now.")
                % {"status": locked.get_status_display()}
            )
        from_state = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            target=locked,
            action=action,
            from_state=from_state,
            to_state=to,
            comment=comment,
        )
    bright_spot.status = locked.status
    return locked


def bright_spot_enter_recognition(*, bright_spot: BrightSpot, by) -> BrightSpot:
    """Its dossier was submitted for the first time."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.IN_RECOGNITION,
        by=by,
        action="enter_recognition",
    )


def bright_spot_recognise(*, bright_spot: BrightSpot, by, decision_label: str) -> BrightSpot:
    """Recognised by an issued decision (``decision_label`` e.g. "123/QĐ-UBND")."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.RECOGNISED,
        by=by,
        action="recognise",
        comment=decision_label,
    )


def bright_spot_not_recognise(*, bright_spot: BrightSpot, by, reason: str) -> BrightSpot:
    """Not recognised: failed appraisal, refused proposal, or a revoked decision."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.NOT_RECOGNISED,
        by=by,
        action="not_recognise",
        comment=reason,
    )


def bright_spot_withdraw(*, bright_spot: BrightSpot, by, reason: str = "") -> BrightSpot:
    """Withdrawn by its unit at any point before recognition."""
    return _set_state(
        bright_spot=bright_spot,
        to=BrightSpotStatus.WITHDRAWN,
        by=by,
        action="withdraw",
        comment=reason,
    )

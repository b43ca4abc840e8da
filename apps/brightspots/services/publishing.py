"""Publishing a recognised bright spot on the public showcase: the unit agrees (its
leader, with the texts the showcase shows), then a board that received the spot's list
or the province's Ban Dân vận publishes it; the unit or a publisher takes it down. A
revoked decision takes it down by itself (``spots.bright_spot_not_recognise``).

Not a workflow step of the spot (its status does not move): each service locks the
row, checks who and when, writes the audit row and tells the other side, in one
transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.enums import BOARD_ACTORS, UNIT_STAFF
from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.accounts.selectors import members_of
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.selectors import publishers_of
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, require_text
from apps.notifications.services import notify

# A spot taken off the showcase: not public, and the unit's agreement ended (showing it
# again takes a new one). Also set when a spot stops being recognised.
OFF_THE_SHOWCASE = {
    "is_public": False,
    "published_at": None,
    "published_by": None,
    "publication_agreed_at": None,
    "publication_agreed_by": None,
    "publication_names_consent": False,
    "public_people": "",
}


def _locked(bright_spot: BrightSpot) -> BrightSpot:
    return BrightSpot.objects.select_for_update().select_related("unit").get(pk=bright_spot.pk)


def _require_recognised(spot: BrightSpot) -> None:
    if spot.status != BrightSpotStatus.RECOGNISED:
        raise Refused(_("Only a recognised bright spot is shown on the public showcase."))


def publication_agree(
    *,
    bright_spot: BrightSpot,
    by: User,
    summary: str,
    effect: str,
    names_consent: bool = False,
    people: str = "",
    now: datetime.datetime | None = None,
) -> BrightSpot:
    """The unit's leader agrees to show the recognised spot, with what the showcase says
    it did and its effect, and says whether people may be named and pictured there
    (``names_consent``, with the ``people`` named; Decree 13/2023/NĐ-CP). Effects: the
    texts, the consent and the agreement (who, when) are recorded, audit
    "publication_agree" with the consent in its data; the publishers are told. Agreeing
    again updates a spot not yet published (a published one is taken down first)."""
    if not can(by, "brightspots.agree_publication", bright_spot):
        raise NotPermitted(_("Only the unit's leader agrees to publish its bright spot."))
    summary = require_text(summary, _("Say what was done, as the public will read it."))
    effect = require_text(effect, _("Say what it changed, as the public will read it."))
    people = (people or "").strip()
    if people and not names_consent:
        raise Refused(
            _("Names are shown only with the people's consent: tick the box or leave them out.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        spot = _locked(bright_spot)
        _require_recognised(spot)
        if spot.is_public:
            raise Refused(_("The bright spot is already public: take it down to change its texts."))
        spot.public_summary, spot.public_effect = summary, effect
        spot.publication_names_consent, spot.public_people = bool(names_consent), people
        spot.publication_agreed_at, spot.publication_agreed_by = now, by
        spot.save(
            update_fields=[
                "public_summary",
                "public_effect",
                "publication_names_consent",
                "public_people",
                "publication_agreed_at",
                "publication_agreed_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=by,
            target=spot,
            action="publication_agree",
            at=now,
            data={"names_consent": spot.publication_names_consent, "people": people},
        )
        notify(
            users=members_of(units=publishers_of(spot), roles=BOARD_ACTORS),
            template="publication_agreed",
            context={"spot": spot},
            path=spot.get_absolute_url(),
            dedupe_key=f"publication-agreed:{spot.pk}:{now:%Y%m%d%H%M%S}",
        )
    return spot


def bright_spot_publish(
    *, bright_spot: BrightSpot, by: User, now: datetime.datetime | None = None
) -> BrightSpot:
    """A board that received the spot's list, or the province's Ban Dân vận, publishes
    the recognised spot its unit agreed to show. Effects: it is public from ``now``,
    audit "publish"; the unit's staff are told. Publishing twice is refused."""
    if not can(by, "brightspots.publish", bright_spot):
        raise NotPermitted(
            _("Only a board that received the spot, or the province's Ban Dân vận, publishes it.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        spot = _locked(bright_spot)
        _require_recognised(spot)
        if spot.publication_agreed_at is None:
            raise Refused(_("The unit has not agreed to show this bright spot."))
        if spot.is_public:
            raise Refused(_("The bright spot is already public."))
        spot.is_public, spot.published_at, spot.published_by = True, now, by
        spot.save(update_fields=["is_public", "published_at", "published_by", "updated_at"])
        audit_record(actor=by, target=spot, action="publish", at=now)
        _tell_unit(spot, "bright_spot_published", now)
    return spot


def bright_spot_unpublish(
    *, bright_spot: BrightSpot, by: User, reason: str, now: datetime.datetime | None = None
) -> BrightSpot:
    """The unit (an officer or the leader) or a publisher takes the spot off the
    showcase, with the reason. The unit's agreement ends with it: showing it again
    takes a new agreement. Effects: audit "unpublish" with the reason; the other side
    is told."""
    if not can(by, "brightspots.unpublish", bright_spot):
        raise NotPermitted(_("Only the unit or a publisher takes the bright spot down."))
    reason = require_text(reason, _("Give the reason for taking it down."))
    now = now or timezone.now()
    with transaction.atomic():
        spot = _locked(bright_spot)
        if not spot.is_public and spot.publication_agreed_at is None:
            raise Refused(_("The bright spot is not on the showcase."))
        _take_down(spot)
        audit_record(actor=by, target=spot, action="unpublish", comment=reason, at=now)
        _tell_unit(spot, "bright_spot_unpublished", now, reason=reason)
        notify(
            users=members_of(units=publishers_of(spot), roles=BOARD_ACTORS),
            template="bright_spot_unpublished",
            context={"spot": spot, "reason": reason},
            path=spot.get_absolute_url(),
            dedupe_key=f"unpublished-boards:{spot.pk}:{now:%Y%m%d%H%M%S}",
        )
    return spot


def people_shown(*, names_consent: bool, people: str) -> str:
    """The people the public may read about a spot: none without the unit's recorded
    consent (Decree 13/2023/NĐ-CP), whatever the text holds."""
    return people if names_consent else ""


def _take_down(spot: BrightSpot) -> None:
    for name, value in OFF_THE_SHOWCASE.items():
        setattr(spot, name, value)
    spot.save(update_fields=[*OFF_THE_SHOWCASE, "updated_at"])


def _tell_unit(spot, template, now, **context) -> None:
    notify(
        users=members_of(units=[spot.unit], roles=UNIT_STAFF),
        template=template,
        context={"spot": spot, **context},
        path=spot.get_absolute_url(),
        dedupe_key=f"{template}:{spot.pk}:{now:%Y%m%d%H%M%S}",
    )

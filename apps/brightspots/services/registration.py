"""Sending a unit's registration list and the boards' answers.

Lock order, to keep concurrent steps free of deadlocks: registration list, then
routing, then bright spots.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.enums import UNIT_STAFF
from apps.accounts.models import User
from apps.accounts.selectors import members_of
from apps.brightspots.enums import (
    BrightSpotStatus,
    RegistrationListStatus,
    RoutingStatus,
)
from apps.brightspots.models import RegistrationList, RegistrationRouting
from apps.brightspots.selectors import boards_for, recipients_of_routings
from apps.brightspots.workflow import (
    LIST_WORKFLOW,
    ROUTING_WORKFLOW,
    SPOT_WORKFLOW,
    draft_kinds,
    forget_reads,
    list_boards,
    past_cycle_date,
)
from apps.core.workflow import (
    REFUSALS,
    refusal_messages,
    require_text,
    step_atomic,
    transition,
    transition_many,
)
from apps.cycles.process import process_of
from apps.notifications.services import Notice, notify, notify_many

# ---------------------------------------------------------------- registration lists


def _route_all(registration_list, routes: dict, *, by, now) -> list[RegistrationRouting]:
    """The pending routing of each kind of ``routes`` (kind → board, via, copy): new
    (one insert for all), reopened (returned or acknowledged before spots of that kind
    were added; audited "reopen"), or still pending (it will cover the new spots). The
    list is locked by the caller, so no other send creates its routings meanwhile; the
    unique (list, kind) constraint stands behind that."""
    existing = {
        routing.kind: routing
        for routing in RegistrationRouting.objects.select_for_update().filter(
            registration_list=registration_list, kind__in=list(routes)
        )
    }
    created = RegistrationRouting.objects.bulk_create(
        RegistrationRouting(
            registration_list=registration_list,
            kind=kind,
            cycle_id=registration_list.cycle_id,
            board=board,
            via=via,
            copy_to=copy_to,
            sent_at=now,
        )
        for kind, (board, via, copy_to) in routes.items()
        if kind not in existing
    )
    made = {routing.kind: routing for routing in created}
    return [
        made[kind] if kind in made else _reopen(existing[kind], *units, by=by, now=now)
        for kind, units in routes.items()
    ]


def _reopen(routing, board, via, copy_to, *, by, now) -> RegistrationRouting:
    if routing.status == RoutingStatus.PENDING:
        return routing
    return transition(
        ROUTING_WORKFLOW,
        routing,
        verb="reopen",
        by=by,
        now=now,
        effect=lambda locked, by, now: {
            "board": board,
            "via": via,
            "copy_to": copy_to,
            "comment": "",
            "sent_at": now,
            "acted_by": None,
            "acted_at": None,
        },
    )


def registration_list_send(
    *, registration_list: RegistrationList, by: User, now: datetime.datetime | None = None
) -> RegistrationList:
    """The unit leader approves and sends the unit's registration list.

    Refused unless ``by`` is a leader of the unit, the list is a draft with at least one
    draft bright spot, every step of each kind's route exists (receiving board, the
    office it passes through, the copy: a missing one is named, never dropped), and (on
    the first sending) the registration deadline has not passed: after it, only a unit
    with an extension may send (or any unit, where the province switched
    ``drafting_closes`` off), and its list is marked late. Effects: its draft spots
    become registered; each kind is routed to the province's boards (DVCQ → BCĐ công
    tác DVCQ via Sở Nội vụ, copy to Ban Dân vận; QCDC → BCĐ QCDC via Ban Dân vận; Dân
    vận khéo → Ban Dân vận) as a pending routing; audit "send"; the people of each
    receiving board are notified (``routing_recipients``, all in one query). A second
    send (double click, another leader) finds the list sent and is refused.
    """
    routings: list[RegistrationRouting] = []
    audit_data: dict = {}  # filled by the effect, written with the audit record

    def effect(locked, by, now):
        # The blocker read the draft kinds, the boards and the deadline on this row.
        drafts = locked.bright_spots.filter(status=BrightSpotStatus.DRAFT)
        first = locked.sent_at is None
        is_late = past_cycle_date(locked, now) if first else locked.is_late
        boards = list_boards(locked)
        process = process_of(cycle=locked.cycle)
        routes = {
            kind: boards_for(locked.unit, kind, process=process, boards=boards)
            for kind in draft_kinds(locked)
        }
        forget_reads(locked)
        count = len(transition_many(SPOT_WORKFLOW, drafts, verb="register", by=by, now=now))
        routings.extend(_route_all(locked, routes, by=by, now=now))
        sent = {"sent_at": now, "sent_by": by, "is_late": is_late} if first else {}
        audit_data.update(late=is_late, spots=count, resent=not first)
        return sent

    with step_atomic():
        locked = transition(
            LIST_WORKFLOW,
            registration_list,
            verb="send",
            by=by,
            now=now,
            data=audit_data,
            effect=effect,
        )
        _notify_boards(locked, routings)
    return locked


def _notify_boards(registration_list, routings) -> None:
    """One notice per routing to its board's people, written together (one query for
    the people of every routing, one for the keys already told and the preferences,
    one insert)."""
    recipients = recipients_of_routings(routings)
    notify_many(
        notices=[
            Notice(
                users=recipients[routing.pk],
                template="registration_list_sent",
                context={"routing": routing, "registration_list": registration_list},
                path=reverse("brightspots:routing_detail", args=[routing.pk]),
                dedupe_key=f"routing-sent:{routing.pk}:{routing.sent_at.isoformat()}",
            )
            for routing in routings
        ]
    )


# ---------------------------------------------------------------- boards' answers


def _lock_list_of(routing: RegistrationRouting) -> RegistrationList:
    """The routing's list, locked first (the lock order of this module); a routing
    never changes list."""
    return (
        RegistrationList.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle")
        .get(pk=routing.registration_list_id)
    )


def _answer(
    routing, *, verb: str, list_verb: str, by, comment: str, now, when_list
) -> RegistrationRouting:
    """The board's answer: the routing moves, its registered spots follow in one
    statement, and the list follows when ``when_list(registration_list)`` holds."""
    now = now or timezone.now()
    with step_atomic():
        registration_list = _lock_list_of(routing)

        def effect(locked, by, now):
            spots = registration_list.bright_spots.filter(
                kind=locked.kind, status=BrightSpotStatus.REGISTERED
            )
            transition_many(SPOT_WORKFLOW, spots, verb=verb, by=by, now=now, comment=comment)
            return {"comment": comment, "acted_by": by, "acted_at": now}

        locked = transition(
            ROUTING_WORKFLOW, routing, verb=verb, by=by, now=now, comment=comment, effect=effect
        )
        if when_list(registration_list):
            transition(
                LIST_WORKFLOW, registration_list, verb=list_verb, by=by, now=now, comment=comment
            )
        _notify_unit(registration_list, locked)
    return locked


def routing_acknowledge(
    *,
    routing: RegistrationRouting,
    by: User,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> RegistrationRouting:
    """The receiving board acknowledges its part of a registration list.

    Refused unless ``by`` is a steering or appraiser member of the board (or of the
    office it passes through) and the part is pending. Effects: its registered spots
    become acknowledged; once every part is acknowledged the list is too; audit
    "acknowledge"; the unit's officers and leaders are notified.
    """

    def all_acknowledged(registration_list) -> bool:
        return (
            registration_list.status == RegistrationListStatus.SENT
            and not registration_list.routings.exclude(status=RoutingStatus.ACKNOWLEDGED).exists()
        )

    return _answer(
        routing,
        verb="acknowledge",
        list_verb="acknowledge",
        by=by,
        comment=(comment or "").strip(),
        now=now,
        when_list=all_acknowledged,
    )


@dataclass(frozen=True)
class BulkAnswer:
    """What acknowledging several parts at once did: the parts acknowledged, and each
    part refused with its reason."""

    acknowledged: list[RegistrationRouting]
    refused: list[tuple[RegistrationRouting, str]]


def routings_acknowledge(
    *,
    routings: Iterable[RegistrationRouting],
    by: User,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> BulkAnswer:
    """The board acknowledges several parts at once, in the order given: each exactly as
    ``routing_acknowledge`` does, in its own transaction, so a part refused (answered
    meanwhile, not the user's board) leaves the others acknowledged and is reported
    with its reason."""
    acknowledged, refused = [], []
    for routing in routings:
        try:
            acknowledged.append(
                routing_acknowledge(routing=routing, by=by, comment=comment, now=now)
            )
        except (*REFUSALS, ValidationError) as exc:
            refused.append((routing, " ".join(refusal_messages(exc))))
    return BulkAnswer(acknowledged, refused)


def routing_return(
    *,
    routing: RegistrationRouting,
    by: User,
    comment: str,
    now: datetime.datetime | None = None,
) -> RegistrationRouting:
    """The receiving board returns its part of a list to the unit, saying what to fix.

    Refused unless ``by`` is a steering or appraiser member of the board (or of the
    office it passes through), the part is pending and a comment is given. Effects: its
    registered spots go back to draft and the list back to draft, so the unit can fix
    and resend it; audit "return"; the unit's officers and leaders are notified.
    """
    comment = require_text(comment, _("Say what the unit has to fix."))
    return _answer(
        routing,
        verb="return",
        list_verb="return",
        by=by,
        comment=comment,
        now=now,
        when_list=lambda registration_list: registration_list.status == RegistrationListStatus.SENT,
    )


def _notify_unit(registration_list, routing) -> None:
    notify(
        users=members_of(units=[registration_list.unit], roles=UNIT_STAFF),
        template="registration_list_answered",
        context={"routing": routing, "registration_list": registration_list},
        path=registration_list.get_absolute_url(),
        dedupe_key=f"routing-answer:{routing.pk}:{routing.acted_at.isoformat()}",
    )

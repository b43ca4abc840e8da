"""Sending a unit's registration list and the boards' answers.

Lock order, to keep concurrent steps free of deadlocks: registration list, then
routing, then bright spots.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.brightspots.enums import (
    LIST_TRANSITIONS,
    ROUTES,
    ROUTING_TRANSITIONS,
    BrightSpotStatus,
    RegistrationListStatus,
    RoutingStatus,
)
from apps.brightspots.models import BrightSpot, RegistrationList, RegistrationRouting
from apps.brightspots.querysets import BOARD_ACTORS
from apps.brightspots.selectors import nearest_boards, unit_people
from apps.brightspots.services.spots import (
    TransitionNotAllowed,
    _refuse_after_registration_deadline,
    _require,
    _set_state,
)
from apps.core.services import audit_record
from apps.notifications.services import notify
from apps.units.enums import BoardFunction

# ---------------------------------------------------------------- registration lists


def _set_list_status(registration_list, to: str, *, by, action: str, comment="", data=None):
    if to not in LIST_TRANSITIONS[registration_list.status]:
        raise TransitionNotAllowed(
            _("This registration list is “%(status)s”; that step is not possible now.")
            % {"status": registration_list.get_status_display()}
        )
    from_state = registration_list.status
    registration_list.status = to
    registration_list.save(update_fields=["status"])
    audit_record(
        actor=by,
        target=registration_list,
        action=action,
        from_state=from_state,
        to_state=to,
        comment=comment,
        data=data,
    )


def _boards_for(unit, kinds) -> dict[str, tuple]:
    """kind → (board, via, copy_to) from the nearest boards; refused when a receiving
    board is missing."""
    boards = nearest_boards(unit=unit)
    routes = {}
    for kind in sorted(kinds):
        board_function, via_function, copy_function = ROUTES[kind]
        if board_function not in boards:
            raise ValidationError(
                _("No “%(board)s” is set up above this unit; ask the administrator.")
                % {"board": BoardFunction(board_function).label},
                code="no_board",
            )
        routes[kind] = (boards[board_function], boards.get(via_function), boards.get(copy_function))
    return routes


def _route(registration_list, kind, board, via, copy_to, now) -> RegistrationRouting:
    """The pending routing of ``kind``: new, reopened (returned or acknowledged before
    spots of that kind were added), or still pending (it will cover the new spots)."""
    routing, created = RegistrationRouting.objects.select_for_update().get_or_create(
        registration_list=registration_list,
        kind=kind,
        defaults={
            "cycle_id": registration_list.cycle_id,
            "board": board,
            "via": via,
            "copy_to": copy_to,
            "sent_at": now,
        },
    )
    if created or routing.status == RoutingStatus.PENDING:
        return routing
    if RoutingStatus.PENDING not in ROUTING_TRANSITIONS[routing.status]:
        raise TransitionNotAllowed(
            _("This part of the list is “%(status)s”; that step is not possible now.")
            % {"status": routing.get_status_display()}
        )
    routing.board, routing.via, routing.copy_to = board, via, copy_to
    routing.status, routing.comment, routing.sent_at = RoutingStatus.PENDING, "", now
    routing.acted_by = routing.acted_at = None
    routing.save()
    return routing


def registration_list_send(*, registration_list: RegistrationList, by) -> RegistrationList:
    """The unit leader approves and sends the unit's registration list.

    Refused unless ``by`` is a leader of the unit, the list is a draft with at least one
    draft bright spot, a receiving board exists for each kind, and (on the first sending)
    the registration deadline has not passed: after it, only a unit with an extension may
    send, and its list is marked late. Effects: its draft spots become registered; each
    kind is routed (DVCQ → BCĐ công tác DVCQ via Sở Nội vụ, copy to Ban Dân vận; QCDC →
    BCĐ QCDC via Ban Dân vận; Dân vận khéo → Ban Dân vận) as a pending routing; audit
    "send"; the boards are notified. A second send (double click, another leader) finds
    the list sent and is refused.
    """
    with transaction.atomic():
        locked = (
            RegistrationList.objects.select_for_update(of=("self",))
            .select_related("unit", "cycle")
            .get(pk=registration_list.pk)
        )
        _require(by, "brightspots.send_list", locked)
        if RegistrationListStatus.SENT not in LIST_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(
                _("This registration list is “%(status)s”; it cannot be sent again.")
                % {"status": locked.get_status_display()}
            )
        drafts = list(
            locked.bright_spots.select_for_update()
            .filter(status=BrightSpotStatus.DRAFT)
            .order_by("pk")
        )
        if not drafts:
            raise ValidationError(_("The list has no draft bright spot to send."), code="empty")
        first = locked.sent_at is None
        is_late = _refuse_after_registration_deadline(locked) if first else locked.is_late
        routes = _boards_for(locked.unit, {spot.kind for spot in drafts})
        now = timezone.now()
        for spot in drafts:
            _set_state(bright_spot=spot, to=BrightSpotStatus.REGISTERED, by=by, action="register")
        if first:
            locked.sent_at, locked.sent_by, locked.is_late = now, by, is_late
            locked.save(update_fields=["sent_at", "sent_by", "is_late"])
        routings = [_route(locked, kind, *units, now) for kind, units in routes.items()]
        _set_list_status(
            locked,
            RegistrationListStatus.SENT,
            by=by,
            action="send",
            data={"late": is_late, "spots": len(drafts), "resent": not first},
        )
        _notify_boards(locked, routings)
    registration_list.refresh_from_db()
    return locked


def _notify_boards(registration_list, routings) -> None:
    for routing in routings:
        units = [u for u in (routing.board, routing.via, routing.copy_to) if u is not None]
        notify(
            users=_board_people(units),
            template="registration_list_sent",
            context={"routing": routing, "registration_list": registration_list},
            url=settings.SITE_URL + reverse("brightspots:routing_detail", args=[routing.pk]),
            dedupe_key=f"routing-sent:{routing.pk}:{routing.sent_at.isoformat()}",
        )


def _board_people(units):
    from apps.accounts.models import User

    return User.objects.filter(
        memberships__unit__in=units, memberships__role__in=BOARD_ACTORS, is_active=True
    ).distinct()


# ---------------------------------------------------------------- boards' answers


def _lock_routing(routing) -> tuple[RegistrationList, RegistrationRouting]:
    list_id = RegistrationRouting.objects.values_list("registration_list_id", flat=True).get(
        pk=routing.pk
    )
    registration_list = (
        RegistrationList.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle")
        .get(pk=list_id)
    )
    locked = (
        RegistrationRouting.objects.select_for_update(of=("self",))
        .select_related("board", "via", "copy_to")
        .get(pk=routing.pk)
    )
    return registration_list, locked


def _answer(routing, to: str, *, by, comment: str, action: str) -> None:
    if to not in ROUTING_TRANSITIONS[routing.status]:
        raise TransitionNotAllowed(
            _("This part of the list is “%(status)s”; that step is not possible now.")
            % {"status": routing.get_status_display()}
        )
    from_state = routing.status
    routing.status, routing.comment = to, comment
    routing.acted_by, routing.acted_at = by, timezone.now()
    routing.save(update_fields=["status", "comment", "acted_by", "acted_at"])
    audit_record(
        actor=by,
        target=routing,
        action=action,
        from_state=from_state,
        to_state=to,
        comment=comment,
    )


def _registered_spots(registration_list, kind) -> list[BrightSpot]:
    return list(
        registration_list.bright_spots.filter(
            kind=kind, status=BrightSpotStatus.REGISTERED
        ).order_by("pk")
    )


def routing_acknowledge(*, routing: RegistrationRouting, by, comment: str = ""):
    """The receiving board acknowledges its part of a registration list.

    Refused unless ``by`` is a steering or appraiser member of the board (or of the
    office it passes through) and the part is pending. Effects: its registered spots
    become acknowledged; once every part is acknowledged the list is too; audit
    "acknowledge"; the unit's officers and leaders are notified.
    """
    with transaction.atomic():
        registration_list, locked = _lock_routing(routing)
        _require(by, "brightspots.answer_routing", locked)
        _answer(locked, RoutingStatus.ACKNOWLEDGED, by=by, comment=comment, action="acknowledge")
        for spot in _registered_spots(registration_list, locked.kind):
            _set_state(
                bright_spot=spot, to=BrightSpotStatus.ACKNOWLEDGED, by=by, action="acknowledge"
            )
        everything_acknowledged = not registration_list.routings.exclude(
            status=RoutingStatus.ACKNOWLEDGED
        ).exists()
        if registration_list.status == RegistrationListStatus.SENT and everything_acknowledged:
            _set_list_status(
                registration_list,
                RegistrationListStatus.ACKNOWLEDGED,
                by=by,
                action="acknowledge",
            )
        _notify_unit(registration_list, locked)
    routing.status = locked.status
    return locked


def routing_return(*, routing: RegistrationRouting, by, comment: str):
    """The receiving board returns its part of a list to the unit, saying what to fix.

    Refused unless ``by`` is a steering or appraiser member of the board (or of the
    office it passes through), the part is pending and a comment is given. Effects: its
    registered spots go back to draft and the list back to draft, so the unit can fix
    and resend it; audit "return"; the unit's officers and leaders are notified.
    """
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the unit has to fix.")})
    with transaction.atomic():
        registration_list, locked = _lock_routing(routing)
        _require(by, "brightspots.answer_routing", locked)
        _answer(locked, RoutingStatus.RETURNED, by=by, comment=comment.strip(), action="return")
        for spot in _registered_spots(registration_list, locked.kind):
            _set_state(
                bright_spot=spot,
                to=BrightSpotStatus.DRAFT,
                by=by,
                action="return",
                comment=comment.strip(),
            )
        if registration_list.status == RegistrationListStatus.SENT:
            _set_list_status(
                registration_list,
                RegistrationListStatus.DRAFT,
                by=by,
                action="return",
                comment=comment.strip(),
            )
        _notify_unit(registration_list, locked)
    routing.status = locked.status
    return locked


def _notify_unit(registration_list, routing) -> None:
    notify(
        users=unit_people(unit=registration_list.unit),
        template="registration_list_answered",
        context={"routing": routing, "registration_list": registration_list},
        url=settings.SITE_URL + registration_list.get_absolute_url(),
        dedupe_key=f"routing-answer:{routing.pk}:{routing.acted_at.isoformat()}",
    )

"""The steps of a bright spot, a registration list and a routing, declared once.

A bright spot's own steps are taken by the list, dossier and decision services for an
actor they have checked (``rule=None``), except withdrawal, which its unit takes. The
services in ``services/`` take them through ``apps.core.workflow``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.brightspots.enums import (
    ALLOWED_TRANSITIONS,
    LIST_TRANSITIONS,
    ROUTING_TRANSITIONS,
    UNDER_WAY,
    BrightSpotStatus,
    RegistrationListStatus,
    RoutingStatus,
)
from apps.brightspots.models import BrightSpot, RegistrationList, RegistrationRouting
from apps.brightspots.selectors import boards_above, route_gaps
from apps.core.workflow import Refused, Step, Workflow
from apps.cycles.enums import DeadlineKind
from apps.cycles.process import process_of
from apps.cycles.selectors import (
    DeadlineClosed,
    deadline_status,
    process_rules,
    recognition_window_status,
)

S = BrightSpotStatus
L = RegistrationListStatus
R = RoutingStatus


def acknowledgement_refusal(spot: BrightSpot) -> str:
    """A registered spot waits for the board's acknowledgement before its dossier goes
    in, unless its province turned that off (docs/process.md A8)."""
    if spot.status == S.REGISTERED and process_rules(cycle=spot.cycle).acknowledgement_required:
        return _("The receiving board has not acknowledged this bright spot yet.")
    return ""


SPOT_WORKFLOW = Workflow(
    model=BrightSpot,
    namespace="brightspots",
    steps=(
        Step("register", {S.DRAFT: S.REGISTERED}),
        Step("acknowledge", {S.REGISTERED: S.ACKNOWLEDGED}),
        Step("return", {S.REGISTERED: S.DRAFT}),
        Step("progress", {S.ACKNOWLEDGED: S.IN_PROGRESS}),
        Step(
            "enter_recognition",
            {
                S.REGISTERED: S.IN_RECOGNITION,
                S.ACKNOWLEDGED: S.IN_RECOGNITION,
                S.IN_PROGRESS: S.IN_RECOGNITION,
            },
            blocker=lambda spot, now: acknowledgement_refusal(spot),
        ),
        Step("recognise", {S.IN_RECOGNITION: S.RECOGNISED}),
        # A recognised spot is not recognised only when its decision is revoked.
        Step("not_recognise", {S.IN_RECOGNITION: S.NOT_RECOGNISED, S.RECOGNISED: S.NOT_RECOGNISED}),
        Step(
            "withdraw",
            dict.fromkeys(
                [S.DRAFT, S.REGISTERED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.IN_RECOGNITION],
                S.WITHDRAWN,
            ),
            rule="brightspots.withdraw",
            label=gettext_lazy("Withdraw"),
            confirm=gettext_lazy("Withdraw this bright spot? This cannot be undone."),
            reason=True,
            done=gettext_lazy("The bright spot was withdrawn."),
        ),
    ),
    transitions=ALLOWED_TRANSITIONS,
    state_message=lambda spot: (
        _("This bright spot is “%(status)s”; that step is not possible now.")
        % {"status": spot.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step for this unit."),
)


def edit_refusal(spot: BrightSpot) -> str:
    """Why the spot's plan cannot be changed now ("" when it can)."""
    if spot.status != S.DRAFT:
        return _("Only a draft bright spot can be changed.")
    registration_list = spot.registration_list
    if registration_list is not None and not registration_list.is_editable:
        return list_locked_message(spot.cycle.year)
    return ""


def list_locked_message(year: int) -> str:
    return _(
        "The %(year)s registration list has been sent; bright spots can be added "
        "or changed only when a board returns it."
    ) % {"year": year}


def check_progress(spot: BrightSpot, now=None) -> None:
    """Raise why progress cannot be reported on the spot now: the province does not use
    the mid-year update (Refused, ``ProcessRules.progress_update`` off), its state
    (Refused), or its year's recognition window has closed (DeadlineClosed; not where
    the province switched ``progress_closes`` off)."""
    rules = process_rules(cycle=spot.cycle)
    if not rules.progress_update:
        raise Refused(
            _("This province does not ask for a mid-year progress update."),
            code="progress_update_off",
        )
    if spot.status not in UNDER_WAY:
        raise Refused(
            _(
                "Progress is reported on a bright spot its board has acknowledged; "
                "this one is “%(status)s”."
            )
            % {"status": spot.get_status_display()},
            code="state",
        )
    if not rules.progress_closes:
        return
    window = recognition_window_status(cycle=spot.cycle, unit=spot.unit, at=now)
    if window.is_closed:
        raise DeadlineClosed(
            _("The %(year)s cycle closed on %(date)s; progress can no longer be reported.")
            % {"year": spot.cycle.year, "date": window.closes.strftime("%d/%m/%Y")},
            code="deadline_closed",
        )


def progress_refusal(spot: BrightSpot, now=None) -> str:
    """Why progress cannot be reported on the spot now ("" when it can)."""
    try:
        check_progress(spot, now)
    except Refused as refused:
        return refused.messages[0]
    return ""


def _read_once(registration_list: RegistrationList, key, read):
    """``read()`` once per list object and ``key``: a send's blocker and its effect
    run on the same locked row and share these reads (``forget_reads`` drops them)."""
    reads = registration_list.__dict__.setdefault("_reads", {})
    if key not in reads:
        reads[key] = read()
    return reads[key]


def forget_reads(registration_list: RegistrationList) -> None:
    registration_list.__dict__.pop("_reads", None)


def draft_kinds(registration_list: RegistrationList) -> list[str]:
    """The kinds of the list's draft bright spots, sorted (one query per list object)."""
    return _read_once(
        registration_list,
        "draft_kinds",
        lambda: sorted(
            set(
                registration_list.bright_spots.filter(status=S.DRAFT).values_list("kind", flat=True)
            )
        ),
    )


def list_boards(registration_list: RegistrationList) -> dict:
    """``boards_above`` the list's unit (one query per list object)."""
    return _read_once(
        registration_list, "boards", lambda: boards_above(unit=registration_list.unit)
    )


def registration_status(registration_list: RegistrationList, now=None):
    """Where the list's unit stands against the registration deadline at ``now``
    (read once per list object and ``now`` when ``now`` is given)."""

    def read():
        return deadline_status(
            cycle=registration_list.cycle,
            unit=registration_list.unit,
            kind=DeadlineKind.REGISTRATION,
            at=now,
        )

    if now is None:
        return read()
    return _read_once(registration_list, ("registration_status", now), read)


def past_cycle_date(registration_list: RegistrationList, now=None) -> bool:
    """Sent after the cycle's registration date (under an extension, or where drafting
    does not close): the list is marked late."""
    status = registration_status(registration_list, now)
    return status.today > status.cycle_date


def registration_deadline_refusal(registration_list: RegistrationList, now=None) -> str:
    """Why a list never sent can no longer be drafted or sent (its deadline passed, no
    extension); "" where the province switched ``drafting_closes`` off."""
    if registration_list.sent_at is not None:
        return ""
    status = registration_status(registration_list, now)
    if not status.is_closed or not process_rules(cycle=registration_list.cycle).drafting_closes:
        return ""
    return _(
        "The registration deadline passed on %(date)s; the list can no longer be "
        "sent. Ask the administrator for an extension."
    ) % {"date": status.deadline.strftime("%d/%m/%Y")}


def drafting_refusal(*, unit, cycle, now=None) -> str:
    """Why no bright spot can be drafted for ``unit`` in ``cycle`` now ("" when one
    can): its list was sent (until a board returns it), or registration closed for a
    list never sent (``registration_deadline_refusal``: not under an extension, nor
    where the province switched ``drafting_closes`` off). The create page says so
    before its form."""
    registration_list = RegistrationList.objects.filter(unit=unit, cycle=cycle).first()
    registration_list = registration_list or RegistrationList(unit=unit, cycle=cycle)
    if not registration_list.is_editable:
        return list_locked_message(cycle.year)
    if not registration_deadline_refusal(registration_list, now):
        return ""
    return _(
        "Registration for %(year)s closed on %(date)s: no bright spot can be drafted "
        "for this year any more. Ask the administrator for an extension if your unit "
        "still has to register."
    ) % {
        "year": cycle.year,
        "date": registration_status(registration_list, now).deadline.strftime("%d/%m/%Y"),
    }


def route_refusal(registration_list: RegistrationList) -> str:
    """What the routes of the list's draft kinds lack ("" when every step exists)."""
    boards = list_boards(registration_list)
    process = process_of(cycle_id=registration_list.cycle_id)
    return " ".join(
        gap
        for kind in draft_kinds(registration_list)
        for gap in route_gaps(registration_list.unit, kind, process=process, boards=boards)
    )


def _send_blocker(registration_list: RegistrationList, now) -> str:
    if not draft_kinds(registration_list):
        return _("The list has no draft bright spot to send.")
    return registration_deadline_refusal(registration_list, now) or route_refusal(registration_list)


LIST_WORKFLOW = Workflow(
    model=RegistrationList,
    namespace="brightspots",
    steps=(
        Step(
            "send",
            {L.DRAFT: L.SENT},
            rule="brightspots.send_list",
            url_name="brightspots:registration_send",
            blocker=_send_blocker,
            label=gettext_lazy("Approve and send the list"),
            confirm=gettext_lazy("Send the registration list to the boards?"),
            done=gettext_lazy("The registration list was sent."),
        ),
        Step("acknowledge", {L.SENT: L.ACKNOWLEDGED}),
        Step("return", {L.SENT: L.DRAFT}),
    ),
    transitions=LIST_TRANSITIONS,
    state_message=lambda rl: (
        _("This registration list is “%(status)s”; it cannot be sent again.")
        % {"status": rl.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step for this unit."),
    lock=lambda rl: (
        RegistrationList.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle")
        .get(pk=rl.pk)
    ),
)

ROUTING_WORKFLOW = Workflow(
    model=RegistrationRouting,
    namespace="brightspots",
    steps=(
        Step(
            "acknowledge",
            {R.PENDING: R.ACKNOWLEDGED},
            rule="brightspots.answer_routing",
            url_name="brightspots:routing_acknowledge",
            label=gettext_lazy("Acknowledge"),
            reason=False,
            done=gettext_lazy("The registration was acknowledged."),
        ),
        Step(
            "return",
            {R.PENDING: R.RETURNED},
            rule="brightspots.answer_routing",
            url_name="brightspots:routing_return",
            label=gettext_lazy("Return to the unit"),
            reason=True,
            done=gettext_lazy("The list was returned to the unit."),
        ),
        # A resent list reopens a returned part, and an acknowledged part when the unit
        # added spots of that kind (the board acknowledges the additions).
        Step("reopen", {R.ACKNOWLEDGED: R.PENDING, R.RETURNED: R.PENDING}),
    ),
    transitions=ROUTING_TRANSITIONS,
    state_message=lambda routing: (
        _("This part of the list is “%(status)s”; that step is not possible now.")
        % {"status": routing.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step for this unit."),
    lock=lambda routing: (
        RegistrationRouting.objects.select_for_update(of=("self",))
        .select_related("board", "via", "copy_to")
        .get(pk=routing.pk)
    ),
)

# What the history of a bright spot, list or routing calls each audit action.
HISTORY_LABELS = {
    "create": gettext_lazy("Drafted"),
    "edit": gettext_lazy("Changed"),
    "register": gettext_lazy("Registered (list sent)"),
    "send": gettext_lazy("List sent"),
    "acknowledge": gettext_lazy("Acknowledged by the board"),
    "return": gettext_lazy("Returned by the board"),
    "progress": gettext_lazy("Progress reported"),
    "withdraw": gettext_lazy("Withdrawn"),
    "enter_recognition": gettext_lazy("Dossier submitted"),
    "recognise": gettext_lazy("Recognised"),
    "not_recognise": gettext_lazy("Not recognised"),
    # Not steps: paper records (``imports.py``) and merged units (``units/merge.py``).
    "history_import": gettext_lazy("Imported from paper records"),
    "unit_merge": gettext_lazy("Moved to the unit its unit merged into"),
}

"""The steps of a recognition decision and of a commendation proposal, declared once:
who may take each, from which state to which, what must be true first, who is told,
and how the page offers it. The services in ``services/`` take them through
``apps.core.workflow.transition``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.enums import ALL_ROLES, UNIT_STAFF
from apps.accounts.selectors import members_by_unit, members_of
from apps.brightspots.models import BrightSpot
from apps.core.workflow import Step, Workflow
from apps.cycles.selectors import local_today, recognition_window_status
from apps.decisions.enums import DECISION_TRANSITIONS, PROPOSAL_TRANSITIONS
from apps.decisions.enums import DecisionStatus as D
from apps.decisions.enums import ProposalStatus as P
from apps.decisions.models import CommendationProposal, Decision
from apps.decisions.selectors import nearest_authority, recognisable_bright_spots
from apps.notifications.services import Notice, notify, notify_many

# ---------------------------------------------------------------- recognition decisions


def recognisable_refusal(*, authority, bright_spots, decision: Decision | None = None) -> str:
    """Why ``bright_spots`` cannot all be recognised by ``authority`` (in ``decision``):
    each must be proposed at its level and in no other live decision; the message
    names the first that is not ("" when they all can)."""
    spots = list(bright_spots)
    if not spots:
        return _("Choose at least one proposed bright spot.")
    eligible = set(
        recognisable_bright_spots(authority=authority, decision=decision)
        .filter(pk__in=[s.pk for s in spots])
        .values_list("pk", flat=True)
    )
    for spot in spots:
        if spot.pk not in eligible:
            return wrong_spot_message(spot, authority)
    return ""


def wrong_spot_message(spot: BrightSpot, authority) -> str:
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


def window_refusal(decision: Decision, spots: list[BrightSpot], now) -> str:
    """Why ``decision`` cannot be issued now or bear its date: recognition happens from
    15/10 to 30/11 of the cycle ("được thực hiện từ ngày 15/10 ... đến 30/11 hàng năm"),
    the cycle being the newest of its bright spots; an extension of the RECOGNITION
    deadline for the authority moves the close ("" inside the window)."""
    cycles = [spot.cycle for spot in spots]
    if not cycles:
        return ""
    cycle = max(cycles, key=lambda c: c.year)
    window = recognition_window_status(cycle=cycle, unit=decision.authority, at=now)
    outside = [
        day
        for day in (decision.signed_on, window.today)
        if not window.opens <= day <= window.closes
    ]
    if not outside:
        return ""
    return _(
        "Recognition for %(year)s happens from %(opens)s to %(closes)s; the decision "
        "cannot be issued or dated %(day)s."
    ) % {
        "year": cycle.year,
        "opens": window.opens.strftime("%d/%m/%Y"),
        "closes": window.closes.strftime("%d/%m/%Y"),
        "day": outside[0].strftime("%d/%m/%Y"),
    }


def _issue_blocker(decision: Decision, now) -> str:
    if decision.signed_on > local_today(now):
        return _("The decision's date is in the future.")
    spots = [
        item.bright_spot
        for item in decision.items.select_related("bright_spot__unit", "bright_spot__cycle")
    ]
    return window_refusal(decision, spots, now) or recognisable_refusal(
        authority=decision.authority, bright_spots=spots, decision=decision
    )


# The e-mail each step sends to the units it lists.
DECISION_NOTICES = {"issue": "decision_issued", "revoke": "decision_revoked"}


def _notify_units(locked: Decision, step: Step, by, **_context) -> None:
    """The officers and leaders of each unit the decision lists, once per unit and
    decision, with that unit's certificates."""
    template = DECISION_NOTICES[step.verb]
    by_unit: dict = {}
    for certificate in locked.certificates.select_related("bright_spot__unit").order_by("serial"):
        by_unit.setdefault(certificate.bright_spot.unit, []).append(certificate)
    people = members_by_unit(unit_ids=[unit.pk for unit in by_unit], roles=UNIT_STAFF)
    notify_many(
        notices=[
            Notice(
                users=people.get(unit.pk, []),
                template=template,
                context={"decision": locked, "unit": unit, "certificates": certificates},
                path=locked.get_absolute_url(),
                dedupe_key=f"{template}:{locked.pk}:{unit.pk}",
            )
            for unit, certificates in by_unit.items()
        ]
    )


DECISION_WORKFLOW = Workflow(
    model=Decision,
    namespace="decisions",
    steps=(
        Step(
            "issue",
            {D.DRAFT: D.ISSUED},
            rule="decisions.issue",
            blocker=_issue_blocker,
            tell=("units",),
            label=gettext_lazy("Issue the decision"),
            confirm=gettext_lazy("Issue this decision? It cannot be changed afterwards."),
            done=gettext_lazy("The decision was issued; its certificates are ready to print."),
        ),
        Step(
            "revoke",
            {D.ISSUED: D.REVOKED},
            rule="decisions.revoke",
            tell=("units",),
            label=gettext_lazy("Revoke"),
            confirm=gettext_lazy("Revoke this decision and all its certificates?"),
            reason=True,
            done=gettext_lazy("The decision and its certificates were revoked."),
        ),
    ),
    transitions=DECISION_TRANSITIONS,
    state_message=lambda decision: (
        _("This decision is “%(status)s”; that step is not possible now.")
        % {"status": decision.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not do this for this authority."),
    notifier=_notify_units,
    lock=lambda decision: (
        Decision.objects.select_for_update(of=("self",))
        .select_related("authority")
        .get(pk=decision.pk)
    ),
)


# ---------------------------------------------------------------- commendation proposals


def _propose_blocker(proposal: CommendationProposal, now) -> str:
    if not (proposal.items.exists() or proposal.honorees.exists()):
        return _("Select at least one bright spot, collective or individual to propose.")
    return ""


def _notify_council(locked: CommendationProposal, step: Step, by, **_context) -> None:
    """Every member of the council the proposal goes to."""
    notify(
        users=members_of(units=[locked.council], roles=ALL_ROLES),
        template="decision_commendation_proposed",
        context={"proposal": locked, "count": locked.items.count()},
        path=locked.get_absolute_url(),
        dedupe_key=f"commendation-proposed:{locked.pk}",
    )


PROPOSAL_WORKFLOW = Workflow(
    model=CommendationProposal,
    namespace="decisions",
    steps=(
        Step(
            "propose",
            {P.DRAFT: P.PROPOSED},
            rule="decisions.edit_proposal",
            url_name="decisions:commendation_send",
            blocker=_propose_blocker,
            tell=("council",),
            label=gettext_lazy("Send the proposal"),
            confirm=gettext_lazy(
                "Send this proposal to the council? The selection cannot be changed afterwards."
            ),
            done=gettext_lazy("The proposal was sent to the council."),
        ),
        Step(
            "record_decision",
            {P.PROPOSED: P.DECIDED},
            rule="decisions.record_commendation",
            url_name="decisions:commendation_record",
            label=gettext_lazy("Record the commendation decision"),
            done=gettext_lazy("The commendation decision was recorded."),
        ),
    ),
    transitions=PROPOSAL_TRANSITIONS,
    state_message=lambda proposal: (
        _("This proposal is “%(status)s”; that step is not possible now.")
        % {"status": proposal.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not do this for this authority."),
    notifier=_notify_council,
    lock=lambda proposal: (
        CommendationProposal.objects.select_for_update(of=("self",))
        .select_related("unit", "council", "period")
        .get(pk=proposal.pk)
    ),
)

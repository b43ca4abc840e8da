"""Where a bright spot stands: the steps of its life (registered → acknowledged →
progress update, where the province asks for one → dossier → appraised → proposed →
recognised → certificate), each done one with its date, the current one with who holds
it now. For the bright spot's page and its dossier's (``{% step_tracker spot %}``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot, RegistrationRouting
from apps.core.models import AuditEvent
from apps.cycles.selectors import process_rules
from apps.decisions.enums import DecisionStatus
from apps.dossiers.enums import DossierStatus
from apps.dossiers.levels import recognising_level
from apps.dossiers.models import Dossier
from apps.dossiers.selectors import OUTCOMES

S = BrightSpotStatus

DONE, CURRENT, SKIPPED, STOPPED, TODO = "done", "current", "skipped", "stopped", "todo"

# How far a bright spot's own status has taken it (a later status implies the earlier
# steps, whatever the audit trail holds).
RANK = {
    S.DRAFT: 0,
    S.REGISTERED: 1,
    S.ACKNOWLEDGED: 2,
    S.IN_PROGRESS: 3,
    S.IN_RECOGNITION: 4,
    S.NOT_RECOGNISED: 4,
    S.RECOGNISED: 5,
}
CLOSED = frozenset({S.WITHDRAWN, S.NOT_RECOGNISED})
SPOT_ACTIONS = ("register", "acknowledge", "progress", "withdraw")


@dataclass(frozen=True)
class TrackStep:
    """One step of the tracker: ``state`` is done, current, skipped (passed over), stopped
    (where a withdrawn or not recognised bright spot ended) or todo."""

    key: str
    label: str
    state: str
    day: datetime.date | datetime.datetime | None = None
    note: str = ""
    holder: str = ""

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


@dataclass(frozen=True)
class _Facts:
    """What the steps are read from: the spot's audit trail, its dossier, its latest
    certificate of a decision no longer a draft."""

    events: dict
    reached: int
    dossier: Dossier | None
    certificate: object | None
    acknowledgement_required: bool

    def day(self, action: str) -> datetime.datetime | None:
        found = self.events.get(action)
        return found[0] if found else None


def spot_steps(*, spot: BrightSpot) -> list[TrackStep]:
    """The tracker of ``spot``: its steps in order, each done one with its date, the
    current one with who holds it now (none once it is finished or closed). At most
    seven queries whatever the stage: the audit trail, the dossier, the certificate,
    the province's rules, and the board or the recognising level the current step
    waits on."""
    rules = process_rules(cycle=spot.cycle)
    facts = _facts(spot, rules.acknowledgement_required)
    keys = [key for key in STEPS if key != "progress" or rules.progress_update]
    done = {key: STEPS[key][1](facts) for key in keys}
    last = max((i for i, key in enumerate(keys) if done[key][0]), default=-1)
    steps = []
    for index, key in enumerate(keys):
        is_done, day, note = done[key]
        state = _state(index, last, is_done, closed=spot.status in CLOSED)
        if not is_done:
            day, note = None, spot.get_status_display() if state == STOPPED else ""
        holder = _holder(key, spot, facts) if state == CURRENT else ""
        steps.append(TrackStep(key, str(STEPS[key][0]), state, day, note, holder))
    return steps


def _state(index: int, last: int, is_done: bool, *, closed: bool) -> str:
    if is_done:
        return DONE
    if index < last:
        return SKIPPED
    if index == last + 1:
        return STOPPED if closed else CURRENT
    return TODO


def _facts(spot: BrightSpot, acknowledgement_required: bool) -> _Facts:
    events = {}
    rows = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(BrightSpot),
        object_id=str(spot.pk),
        action__in=SPOT_ACTIONS,
    ).order_by("created_at", "id")
    for action, at, from_state in rows.values_list("action", "created_at", "from_state"):
        # The last registration and acknowledgement (a returned list is sent again),
        # the first progress update.
        if action != "progress" or action not in events:
            events[action] = (at, from_state)
    status = spot.status
    if status == S.WITHDRAWN:
        status = events.get("withdraw", (None, S.DRAFT))[1] or S.DRAFT
    dossier = Dossier.objects.filter(bright_spot=spot).select_related("appraiser").first()
    certificate = None
    if spot.status in OUTCOMES:  # certificates exist once a decision was issued
        certificate = (
            spot.certificates.exclude(decision__status=DecisionStatus.DRAFT)
            .select_related("decision")
            .order_by("-decision__issued_at", "-pk")
            .first()
        )
    return _Facts(events, RANK.get(status, 0), dossier, certificate, acknowledgement_required)


def _registration(facts: _Facts) -> tuple:
    return facts.reached >= 1, facts.day("register"), ""


def _acknowledgement(facts: _Facts) -> tuple:
    """Done when the board acknowledged it, or when it went on where the province waits
    for the acknowledgement first (a registered spot may enter recognition without one
    where it does not: docs/process.md A8)."""
    reached, day = facts.reached, facts.day("acknowledge")
    implied = reached in (2, 3) or (reached >= 4 and facts.acknowledgement_required)
    return bool(day) or implied, day, ""


def _progress(facts: _Facts) -> tuple:
    day = facts.day("progress")
    return bool(day) or facts.reached == 3, day, ""


def _submission(facts: _Facts) -> tuple:
    day = facts.dossier and facts.dossier.first_submitted_at
    return bool(day) or facts.reached >= 4, day, ""


def _appraisal(facts: _Facts) -> tuple:
    dossier = facts.dossier
    if dossier is None or not dossier.conclusion:
        return False, None, ""
    return True, dossier.appraised_at, dossier.get_conclusion_display()


def _proposal(facts: _Facts) -> tuple:
    dossier = facts.dossier
    if dossier is None:
        return facts.reached >= 5, None, ""
    proposed = dossier.proposed_at is not None or dossier.status == DossierStatus.PROPOSED
    return proposed or facts.reached >= 5, dossier.proposed_at, dossier.letter_number


def _recognition(facts: _Facts) -> tuple:
    if facts.certificate is None:
        return facts.reached >= 5, None, ""
    decision = facts.certificate.decision
    return True, decision.signed_on, decision.number_label


def _certificate(facts: _Facts) -> tuple:
    certificate = facts.certificate
    valid = (
        certificate is not None
        and not certificate.is_revoked
        and certificate.decision.status == DecisionStatus.ISSUED
    )
    return valid, certificate.created_at if valid else None, ""


# Each step, in order: its name and what tells (done, its date, a note).
STEPS = {
    "registration": (gettext_lazy("Registration"), _registration),
    "acknowledgement": (gettext_lazy("Acknowledgement"), _acknowledgement),
    "progress": (gettext_lazy("Progress update"), _progress),
    "submission": (gettext_lazy("Dossier submitted"), _submission),
    "appraisal": (gettext_lazy("Appraisal"), _appraisal),
    "proposal": (gettext_lazy("Request letter"), _proposal),
    "recognition": (gettext_lazy("Recognition decision"), _recognition),
    "certificate": (gettext_lazy("Certificate"), _certificate),
}


def _holder(key: str, spot: BrightSpot, facts: _Facts) -> str:
    """Who holds the bright spot at its current step ``key``."""
    unit = spot.unit.name
    if key == "registration":
        return _("The unit, %(unit)s: its leader sends the registration list") % {"unit": unit}
    if key == "acknowledgement":
        routing = (
            RegistrationRouting.objects.filter(
                registration_list_id=spot.registration_list_id, kind=spot.kind
            )
            .select_related("board")
            .first()
        )
        board = routing.board.name if routing else _("the receiving board")
        return _("The receiving board, %(board)s") % {"board": board}
    if key == "progress":
        return _("The unit, %(unit)s: its officer reports the progress") % {"unit": unit}
    dossier = facts.dossier
    if key == "submission" or (dossier and dossier.status == DossierStatus.RETURNED):
        return _("The unit, %(unit)s: it completes and submits the dossier") % {"unit": unit}
    level = recognising_level(spot.unit).name
    if key == "appraisal":
        if dossier and dossier.status == DossierStatus.UNDER_APPRAISAL and dossier.appraiser:
            return _("The appraiser, %(name)s") % {"name": dossier.appraiser}
        return _("The appraisers of %(level)s") % {"level": level}
    if key == "proposal":
        return _("The leadership or the steering board of %(level)s: the request letter") % {
            "level": level
        }
    return _("The recognising authority, %(level)s") % {"level": level}

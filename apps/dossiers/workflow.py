"""The dossier's steps, declared once: who may take each, from which state to which,
what must be true first, who is told, and how the page offers it. The services in
``services/workflow.py`` take them through ``apps.core.workflow.transition``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.enums import DECISION_MAKERS, PROPOSERS
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.workflow import SPOT_WORKFLOW
from apps.core.workflow import ConflictOfInterest, Step, Workflow
from apps.cycles.selectors import process_rules, recognition_window_status
from apps.dossiers.enums import ALLOWED_TRANSITIONS, WITHDRAWABLE
from apps.dossiers.enums import DossierStatus as S
from apps.dossiers.models import Dossier
from apps.dossiers.permissions import conflict_of_interest
from apps.dossiers.selectors import (
    OUTCOMES,
    appraisers_of,
    letter_issuing_units,
    letter_scan,
    people_over,
    unit_people,
)
from apps.notifications.services import notify

LETTER_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "letter_signer_title",
    "letter_issuer",
    "letter_issuing_unit",
)


def criteria_rows(dossier):
    """The dossier's assessments with their criteria and groups, read once per dossier
    object: a step's blockers and its effect (the submit's snapshot) run on the same
    locked row and share them, as do the blockers of the buttons a page offers. A
    service that changes the assessments changes these objects (or locks a new row)."""
    rows = dossier.__dict__.get("_criteria_rows")
    if rows is None:
        rows = dossier.__dict__["_criteria_rows"] = list(
            dossier.assessments.select_related("criterion__group")
        )
    return rows


def conflict_message(reason: str, dossier) -> str:
    """The refusal for a ``conflict_of_interest`` reason, naming what the person did."""
    messages = {
        "lead": _(
            "You lead %(unit)s, the unit of this bright spot: you may not appraise it "
            "(conflict of interest). Another appraiser must do it."
        ),
        "wrote": _(
            "You wrote this bright spot or its dossier: you may not appraise it "
            "(conflict of interest). Another appraiser must do it."
        ),
        "sent": _(
            "You sent this bright spot on (its registration list or its dossier): you may "
            "not appraise it (conflict of interest). Another appraiser must do it."
        ),
    }
    return messages[reason] % {"unit": dossier.bright_spot.unit.name}


def check_conflict(user, dossier) -> None:
    """Refuse an appraiser who wrote, leads or sent the bright spot (personal conflict of
    interest); a colleague of the same unit who did none of these may appraise."""
    reason = conflict_of_interest(user, dossier)
    if reason:
        raise ConflictOfInterest(conflict_message(reason, dossier), code="conflict")


def lock_dossier(dossier) -> Dossier:
    """The dossier locked for a write, with its bright spot's unit and cycle.

    Joined only along keys a write never changes: a lock that waited for another
    write is re-checked by PostgreSQL on the row that write left, against the joined
    rows as first read, so a join on ``updated_by`` (changed by every write) would lose
    the row and the second of two simultaneous writes would fail instead of being
    refused. ``updated_by`` loads on use (the stale-edit message)."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("bright_spot__unit", "bright_spot__cycle")
        .get(pk=dossier.pk)
    )


def write(locked: Dossier, by, now, values: dict) -> None:
    """Save ``values`` and bump the lock version (every write does, steps included)."""
    values = {**values, **_bump(locked, by, now)}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))


def _is_self_assessed(assessment) -> bool:
    if assessment.criterion.max_score is not None:
        return assessment.score is not None
    return bool(assessment.level)


def _has_finding(assessment) -> bool:
    if assessment.criterion.max_score is not None:
        return assessment.finding_score is not None
    return bool(assessment.finding_level)


def _rules(dossier):
    """The process rules of the dossier's province (its switches; one query)."""
    return process_rules(cycle=dossier.bright_spot.cycle)


def _window_blocker(dossier, now) -> str:
    """Addition A2, unless the province turned ``submission_window`` off."""
    spot = dossier.bright_spot
    if not _rules(dossier).submission_window:
        return ""
    window = recognition_window_status(cycle=spot.cycle, unit=spot.unit, at=now)
    if window.is_open:
        return ""
    span = _("Dossiers are submitted from %(opens)s to %(closes)s.") % {
        "opens": window.opens.strftime("%d/%m/%Y"),
        "closes": window.closes.strftime("%d/%m/%Y"),
    }
    hint = _("Ask the steering board for an extension if you need one.") if window.is_closed else ""
    return " ".join(filter(None, [window.message, span, hint]))


def _submit_blocker(dossier, now) -> str:
    spot = dossier.bright_spot
    if dossier.status == S.DRAFT and not SPOT_WORKFLOW.step("enter_recognition").target(
        spot.status
    ):
        return _("The bright spot is “%(status)s”; it cannot enter recognition.") % {
            "status": spot.get_status_display()
        }
    window = _window_blocker(dossier, now)
    if window:
        return window
    missing = [a.criterion.number for a in criteria_rows(dossier) if not _is_self_assessed(a)]
    if missing:
        return _("Assess every criterion before submitting; still missing: %(numbers)s.") % {
            "numbers": ", ".join(missing)
        }
    empty = [str(label) for _field, label, text in dossier.sections() if not text.strip()]
    if empty:
        return _("Fill in every section before submitting; still empty: %(sections)s.") % {
            "sections": ", ".join(empty)
        }
    return ""


def not_met_criteria(dossier) -> list[str]:
    """Numbers of the criteria still "Chưa đạt" (``CriterionAssessment.is_not_met``)."""
    return [a.criterion.number for a in criteria_rows(dossier) if a.is_not_met]


def _pass_blocker(dossier, now) -> str:
    """No "đạt" over a criterion still not met (the appraiser may override it, giving a
    reason: the step ``pass_override``); then addition A14."""
    not_met = not_met_criteria(dossier)
    if not_met:
        return _(
            "Criteria %(numbers)s are still “not met”: the dossier cannot pass. Change "
            "those findings, return the dossier for revision, conclude that it does not "
            "pass, or conclude “passed” anyway and give your reason."
        ) % {"numbers": ", ".join(not_met)}
    return _findings_blocker(dossier)


def _pass_override_blocker(dossier, now) -> str:
    """The override is for a dossier with criteria still not met; A14 still holds."""
    if not not_met_criteria(dossier):
        return _("No criterion is “not met”: conclude “passed” without an override.")
    return _findings_blocker(dossier)


def _findings_blocker(dossier) -> str:
    """Addition A14, unless the province turned ``finding_on_every_criterion`` off."""
    if not _rules(dossier).finding_on_every_criterion:
        return ""
    missing = [a.criterion.number for a in criteria_rows(dossier) if not _has_finding(a)]
    if missing:
        return _("Record a finding for every criterion first; still missing: %(numbers)s.") % {
            "numbers": ", ".join(missing)
        }
    return ""


def _fail_blocker(dossier, now) -> str:
    if dossier.appraisal_comments.strip():
        return ""
    return _("Write in the appraisal comments why the dossier does not pass, then save.")


def _propose_blocker(dossier, now) -> str:
    """The letter's fields; its signed scan too (addition A17) unless the province turned
    ``letter_scan_required`` off."""
    if any(
        getattr(dossier, name) in (None, "")
        for name in LETTER_FIELDS
        if name != "letter_signer_title"
    ):
        return _("Complete the request letter (number, date, signer, issuing body) first.")
    if _rules(dossier).letter_scan_required and letter_scan(dossier=dossier) is None:
        return _("Attach the signed scan of the request letter first.")
    return ""


def letter_issuer_refusal(dossier) -> str:
    """Why a body outside ``letter_issuing_units`` may not issue the request letter,
    naming those that may (a form error beside the field, and the service's refusal)."""
    names = [unit.name for unit in letter_issuing_units(dossier=dossier)]
    return _(
        "The request letter for this bright spot (%(kind)s) comes from the level that "
        "recognises it: %(units)s."
    ) % {"kind": dossier.bright_spot.get_kind_display(), "units": "; ".join(names)}


def _decline_blocker(dossier, now) -> str:
    """Once a decision recognised the bright spot, only revoking it undoes that."""
    spot = dossier.bright_spot
    if spot.status == BrightSpotStatus.IN_RECOGNITION:
        return ""
    return _("The bright spot is “%(status)s”; its dossier can no longer be declined.") % {
        "status": spot.get_status_display()
    }


def _withdraw_blocker(dossier, now) -> str:
    """The bright spot's own workflow must still allow withdrawing it."""
    spot = dossier.bright_spot
    if SPOT_WORKFLOW.step("withdraw").target(spot.status):
        return ""
    return _("The bright spot is “%(status)s”; it can no longer be withdrawn.") % {
        "status": spot.get_status_display()
    }


def _conflict(user, dossier) -> None:
    check_conflict(user, dossier)


STEPS = [
    Step(
        "submit",
        {S.DRAFT: S.SUBMITTED, S.RETURNED: S.RESUBMITTED},
        rule="dossiers.edit",
        blocker=_submit_blocker,
        tell=("appraisers",),
        label=gettext_lazy("Submit for appraisal"),
        confirm=gettext_lazy(
            "Submit the dossier? It is frozen as a version; changes need a return."
        ),
        done=gettext_lazy("The dossier was submitted for appraisal."),
    ),
    Step(
        "start_appraisal",
        {S.SUBMITTED: S.UNDER_APPRAISAL, S.RESUBMITTED: S.UNDER_APPRAISAL},
        rule="dossiers.appraise",
        actor_check=_conflict,
        tell=("unit",),
        label=gettext_lazy("Start the appraisal"),
        done=gettext_lazy("The appraisal has started."),
    ),
    Step(
        "return",
        {S.UNDER_APPRAISAL: S.RETURNED},
        rule="dossiers.appraise",
        actor_check=_conflict,
        tell=("unit",),
        label=gettext_lazy("Return for revision"),
        reason=True,
        done=gettext_lazy("The dossier was returned to its unit for revision."),
    ),
    Step(
        "pass",
        {S.UNDER_APPRAISAL: S.PASSED},
        rule="dossiers.appraise",
        actor_check=_conflict,
        blocker=_pass_blocker,
        tell=("unit", "proposers"),
        label=gettext_lazy("Conclude: passed (đạt)"),
        confirm=gettext_lazy("Conclude the appraisal as passed? This cannot be undone."),
        done=gettext_lazy("The appraisal concluded: passed."),
    ),
    Step(
        "pass_override",
        {S.UNDER_APPRAISAL: S.PASSED},
        rule="dossiers.appraise",
        actor_check=_conflict,
        blocker=_pass_override_blocker,
        tell=("unit", "proposers"),
        label=gettext_lazy("Conclude: passed despite criteria not met"),
        confirm=gettext_lazy(
            "Conclude as passed although some criteria are not met? Your reason is "
            "recorded on the dossier and its PDF. This cannot be undone."
        ),
        reason=True,
        done=gettext_lazy("The appraisal concluded: passed, with your reason recorded."),
    ),
    Step(
        "fail",
        {S.UNDER_APPRAISAL: S.FAILED},
        rule="dossiers.appraise",
        actor_check=_conflict,
        blocker=_fail_blocker,
        tell=("unit",),
        label=gettext_lazy("Conclude: failed (không đạt)"),
        confirm=gettext_lazy(
            "Conclude as failed? The bright spot will not be recognised this year."
        ),
        done=gettext_lazy("The appraisal concluded: failed."),
    ),
    Step(
        "propose",
        {S.PASSED: S.PROPOSED},
        rule="dossiers.propose",
        blocker=_propose_blocker,
        tell=("unit", "decision_makers"),
        label=gettext_lazy("Send the request letter: propose for recognition"),
        confirm=gettext_lazy(
            "Send the request letter and propose this bright spot for recognition?"
        ),
        done=gettext_lazy("The bright spot was proposed for recognition."),
    ),
    Step(
        "decline",
        {S.PASSED: S.DECLINED, S.PROPOSED: S.DECLINED},
        rule="dossiers.decline",
        blocker=_decline_blocker,
        tell=("unit", "proposers"),
        label=gettext_lazy("Decline"),
        confirm=gettext_lazy("Decline? The bright spot will not be recognised this year."),
        reason=True,
        done=gettext_lazy("The dossier was declined."),
    ),
    Step(
        "withdraw",
        dict.fromkeys(WITHDRAWABLE, S.WITHDRAWN),
        rule="dossiers.withdraw",
        blocker=_withdraw_blocker,
        tell=("appraisers", "proposers"),
        label=gettext_lazy("Withdraw the dossier"),
        confirm=gettext_lazy("Withdraw the dossier and its bright spot? This cannot be undone."),
        reason=True,
        done=gettext_lazy("The dossier was withdrawn."),
    ),
]


def offered(dossier, actions: list) -> list:
    """The steps a dossier page offers out of ``available_steps``: none once the bright
    spot has its outcome, and the override of "passed" only while a criterion is not
    met (elsewhere it would be a disabled button for nothing)."""
    if dossier.bright_spot.status in OUTCOMES:
        return []
    if any(a.verb == "pass_override" for a in actions) and not not_met_criteria(dossier):
        return [a for a in actions if a.verb != "pass_override"]
    return actions


# The label a step takes in one state.
LABELS_IN_STATE = {S.RETURNED: {"submit": gettext_lazy("Resubmit for appraisal")}}

GROUPS = {
    "unit": lambda d: unit_people(dossier=d),
    "appraisers": lambda d: appraisers_of(dossier=d),
    "proposers": lambda d: people_over(dossier=d, roles=PROPOSERS),
    "decision_makers": lambda d: people_over(dossier=d, roles=DECISION_MAKERS),
}


def _stamp(locked: Dossier, by, now) -> dict:
    """Every step writes the time and bumps the lock version (stale edits are refused)."""
    return {"state_changed_at": now, **_bump(locked, by, now)}


def _bump(locked: Dossier, by, now) -> dict:
    return {"lock_version": locked.lock_version + 1, "updated_by": by, "updated_at": now}


# Steps told with another step's notice (the override is a pass; its reason is on the page).
NOTICE_OF = {"pass_override": "pass"}


def _notify(locked: Dossier, step: Step, by, *, from_state: str, comment: str, now) -> None:
    """In-portal notice and e-mail (outbox, same transaction) to the step's groups."""
    users = []
    for group in step.tell:
        users += [u for u in GROUPS[group](locked) if u not in users and u.pk != by.pk]
    notify(
        users=users,
        template=f"dossier_{NOTICE_OF.get(step.verb, step.verb)}",
        context={
            "dossier": locked,
            "bright_spot": locked.bright_spot,
            "unit": locked.bright_spot.unit,
            "actor": by,
            "comment": comment,
            "is_resubmission": from_state == S.RETURNED,
        },
        path=locked.get_absolute_url(),
        dedupe_key=f"dossier:{locked.pk}:{step.verb}:{locked.lock_version}",
    )


DOSSIER_WORKFLOW = Workflow(
    model=Dossier,
    namespace="dossiers",
    steps=STEPS,
    transitions=ALLOWED_TRANSITIONS,
    state_message=lambda d: (
        _("This dossier is “%(status)s”; that step is not possible now.")
        % {"status": d.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step on this dossier."),
    lock=lock_dossier,
    stamp=_stamp,
    notifier=_notify,
    audit_prefix="dossier_",
)

# What the dossier's history calls each audit action.
HISTORY_LABELS = {
    "dossier_create": gettext_lazy("Dossier opened"),
    "dossier_edit": gettext_lazy("Self-assessment changed"),
    "dossier_attach": gettext_lazy("File added"),
    "dossier_detach": gettext_lazy("File removed"),
    "dossier_submit": gettext_lazy("Submitted for appraisal"),
    "dossier_start_appraisal": gettext_lazy("Appraisal started"),
    "dossier_appraisal_edit": gettext_lazy("Appraisal changed"),
    "dossier_return": gettext_lazy("Returned for revision"),
    "dossier_pass": gettext_lazy("Appraised: passed"),
    "dossier_pass_override": gettext_lazy("Appraised: passed despite criteria not met"),
    "dossier_fail": gettext_lazy("Appraised: failed"),
    "dossier_letter_edit": gettext_lazy("Request letter changed"),
    "dossier_propose": gettext_lazy("Proposed for recognition"),
    "dossier_decline": gettext_lazy("Declined"),
    "dossier_withdraw": gettext_lazy("Withdrawn"),
    "dossier_grant": gettext_lazy("Appraiser assigned"),
    "dossier_revoke": gettext_lazy("Appraiser assignment removed"),
}

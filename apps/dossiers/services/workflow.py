"""The dossier workflow: one service per verb, each through ``_set_state`` (transition,
actor, conflict of interest, dates, completeness, row lock, audit, notifications)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.brightspots.enums import ALLOWED_TRANSITIONS as SPOT_TRANSITIONS
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import (
    bright_spot_enter_recognition,
    bright_spot_not_recognise,
    bright_spot_withdraw,
)
from apps.core.services import audit_record
from apps.criteria.selectors import criteria_for
from apps.cycles.selectors import recognition_window_status
from apps.dossiers.enums import (
    ALLOWED_TRANSITIONS,
    AttachmentPurpose,
    Conclusion,
    Section,
)
from apps.dossiers.models import (
    Attachment,
    CriterionAssessment,
    Dossier,
    DossierVersion,
)
from apps.dossiers.permissions import PROPOSER_ROLES
from apps.dossiers.selectors import (
    OPENABLE,
    appraisers_of,
    letter_scan,
    people_over,
    unit_people,
)
from apps.dossiers.services.common import (
    LETTER_FIELDS,
    DossierRefused,
    NotPermitted,
    S,
    check_conflict,
    copy_back,
    criteria_rows,
    lock_dossier,
    required_text,
    state_message,
    write,
)
from apps.notifications.services import notify


@dataclass(frozen=True)
class Step:
    rule: str
    targets: dict  # current status → next status


STEPS: dict[str, Step] = {
    "submit": Step("dossiers.edit", {S.DRAFT: S.SUBMITTED, S.RETURNED: S.RESUBMITTED}),
    "start_appraisal": Step(
        "dossiers.appraise", {S.SUBMITTED: S.UNDER_APPRAISAL, S.RESUBMITTED: S.UNDER_APPRAISAL}
    ),
    "return": Step("dossiers.appraise", {S.UNDER_APPRAISAL: S.RETURNED}),
    "pass": Step("dossiers.appraise", {S.UNDER_APPRAISAL: S.PASSED}),
    "fail": Step("dossiers.appraise", {S.UNDER_APPRAISAL: S.FAILED}),
    "propose": Step("dossiers.propose", {S.PASSED: S.PROPOSED}),
    "decline": Step("dossiers.decline", {S.PASSED: S.DECLINED, S.PROPOSED: S.DECLINED}),
    "withdraw": Step(
        "dossiers.withdraw",
        {
            state: S.WITHDRAWN
            for state, nexts in ALLOWED_TRANSITIONS.items()
            if S.WITHDRAWN in nexts
        },
    ),
}


def _is_self_assessed(assessment) -> bool:
    if assessment.criterion.max_score is not None:
        return assessment.score is not None
    return bool(assessment.level)


def _has_finding(assessment) -> bool:
    if assessment.criterion.max_score is not None:
        return assessment.finding_score is not None
    return bool(assessment.finding_level)


def _window_blocker(dossier) -> str:
    spot = dossier.bright_spot
    window = recognition_window_status(cycle=spot.cycle, unit=spot.unit)
    if window.is_open:
        return ""
    span = _("Dossiers are submitted from %(opens)s to %(closes)s.") % {
        "opens": window.opens.strftime("%d/%m/%Y"),
        "closes": window.closes.strftime("%d/%m/%Y"),
    }
    hint = _("Ask the steering board for an extension if you need one.") if window.is_closed else ""
    return " ".join(filter(None, [window.message, span, hint]))


def _submit_blocker(dossier) -> str:
    spot = dossier.bright_spot
    if dossier.status == S.DRAFT and BrightSpotStatus.IN_RECOGNITION not in SPOT_TRANSITIONS.get(
        spot.status, set()
    ):
        return _("The bright spot is “%(status)s”; it cannot enter recognition.") % {
            "status": spot.get_status_display()
        }
    window = _window_blocker(dossier)
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


def _pass_blocker(dossier) -> str:
    missing = [a.criterion.number for a in criteria_rows(dossier) if not _has_finding(a)]
    if missing:
        return _("Record a finding for every criterion first; still missing: %(numbers)s.") % {
            "numbers": ", ".join(missing)
        }
    return ""


def _fail_blocker(dossier) -> str:
    if dossier.appraisal_comments.strip():
        return ""
    return _("Write in the appraisal comments why the dossier does not pass, then save.")


def _propose_blocker(dossier) -> str:
    if any(
        getattr(dossier, name) in (None, "")
        for name in LETTER_FIELDS
        if name != "letter_signer_title"
    ):
        return _("Complete the request letter (number, date, signer, issuing body) first.")
    if letter_scan(dossier=dossier) is None:
        return _("Attach the signed scan of the request letter first.")
    return ""


def _withdraw_blocker(dossier) -> str:
    spot = dossier.bright_spot
    if BrightSpotStatus.WITHDRAWN in SPOT_TRANSITIONS.get(spot.status, set()):
        return ""
    return _("The bright spot is “%(status)s”; it can no longer be withdrawn.") % {
        "status": spot.get_status_display()
    }


def _decline_blocker(dossier) -> str:
    """Once a decision recognised the bright spot, only revoking it undoes that."""
    spot = dossier.bright_spot
    if spot.status == BrightSpotStatus.IN_RECOGNITION:
        return ""
    return _("The bright spot is “%(status)s”; its dossier can no longer be declined.") % {
        "status": spot.get_status_display()
    }


BLOCKERS: dict[str, Callable] = {
    "submit": _submit_blocker,
    "pass": _pass_blocker,
    "fail": _fail_blocker,
    "propose": _propose_blocker,
    "decline": _decline_blocker,
    "withdraw": _withdraw_blocker,
}


def check_step(*, dossier, user, verb: str) -> None:
    """Raise why ``user`` may not take ``verb`` on ``dossier`` now: the transition,
    the actor's role and jurisdiction, the conflict of interest, the dates and what
    the step needs to be complete."""
    step = STEPS[verb]
    target = step.targets.get(dossier.status)
    if target is None or target not in ALLOWED_TRANSITIONS[dossier.status]:
        raise DossierRefused(state_message(dossier), code="state")
    if not can(user, step.rule, dossier):
        raise NotPermitted(_("You may not take this step on this dossier."))
    if step.rule == "dossiers.appraise":
        check_conflict(user, dossier)
    blocker = BLOCKERS.get(verb, lambda d: "")(dossier)
    if blocker:
        raise DossierRefused(blocker, code=verb)


def step_refusal(*, dossier, user, verb: str) -> str:
    """Why the step is not possible now ("" when it is): what the page shows beside a
    disabled button. The same checks as the service."""
    try:
        check_step(dossier=dossier, user=user, verb=verb)
    except DossierRefused as exc:
        return exc.messages[0]
    except NotPermitted as exc:
        return str(exc)
    return ""


RECIPIENTS: dict[str, tuple[str, ...]] = {
    "submit": ("appraisers",),
    "start_appraisal": ("unit",),
    "return": ("unit",),
    "pass": ("unit", "proposers"),
    "fail": ("unit",),
    "propose": ("unit", "decision_makers"),
    "decline": ("unit", "proposers"),
    "withdraw": ("appraisers", "proposers"),
}
GROUPS: dict[str, Callable] = {
    "unit": lambda d: unit_people(dossier=d),
    "appraisers": lambda d: appraisers_of(dossier=d),
    "proposers": lambda d: people_over(dossier=d, roles=PROPOSER_ROLES),
    "decision_makers": lambda d: people_over(dossier=d, roles=[Role.DECISION_MAKER]),
}


def _notify(locked: Dossier, verb: str, by, *, from_state: str, comment: str) -> None:
    """In-portal notice and e-mail (outbox, same transaction) to the people concerned."""
    users = []
    for group in RECIPIENTS[verb]:
        users += [u for u in GROUPS[group](locked) if u not in users and u.pk != by.pk]
    notify(
        users=users,
        template=f"dossier_{verb}",
        context={
            "dossier": locked,
            "bright_spot": locked.bright_spot,
            "unit": locked.bright_spot.unit,
            "actor": by,
            "comment": comment,
            "is_resubmission": from_state == S.RETURNED,
        },
        url=locked.get_absolute_url(),
        dedupe_key=f"dossier:{locked.pk}:{verb}:{locked.lock_version}",
    )


def _apply(effect, locked, by, now) -> dict:
    """Run a step's effect; a refusal from another app (the bright spot's own rules)
    comes back as this app's refusal, with its message."""
    if effect is None:
        return {}
    try:
        return effect(locked, by, now)
    except DossierRefused:
        raise
    except ValidationError as exc:
        raise DossierRefused(exc.messages, code="bright_spot") from exc


def _set_state(*, dossier, verb: str, by, comment: str = "", effect=None) -> Dossier:
    """Lock the row, check the step (``check_step``), apply ``effect(locked, by, now)``
    (it may change other rows and returns more fields to save), save with the new
    status, write the audit record and notify. Returns the fresh row."""
    with transaction.atomic():
        locked = lock_dossier(dossier)
        check_step(dossier=locked, user=by, verb=verb)
        from_state, now = locked.status, timezone.now()
        values = {"status": STEPS[verb].targets[from_state], "state_changed_at": now}
        values.update(_apply(effect, locked, by, now))
        write(locked, by, now, values)
        audit_record(
            actor=by,
            target=locked,
            action=f"dossier_{verb}",
            from_state=from_state,
            to_state=locked.status,
            comment=comment,
        )
        _notify(locked, verb, by, from_state=from_state, comment=comment)
    return copy_back(dossier, locked)


# ---------------------------------------------------------------- workflow verbs


def dossier_submit(*, dossier, by) -> Dossier:
    """Submit the dossier for appraisal (or resubmit it after a return), inside the
    recognition window of the unit (extension included).

    Effects: freezes a new DossierVersion of every criterion, section and current
    attachment (those attachments are then never deleted); the first submission moves
    the bright spot into recognition; appraisers over the unit and appraisers granted
    the dossier are notified.
    """

    def effect(locked, by, now):
        _snapshot(locked, by, now)
        values = {"submitted_at": now}
        if locked.first_submitted_at is None:
            values["first_submitted_at"] = now
            bright_spot_enter_recognition(bright_spot=locked.bright_spot, by=by)
        return values

    return _set_state(dossier=dossier, verb="submit", by=by, effect=effect)


def dossier_start_appraisal(*, dossier, by) -> Dossier:
    """An appraiser takes up a submitted dossier. Notifies the unit."""
    return _set_state(
        dossier=dossier, verb="start_appraisal", by=by, effect=lambda d, u, n: {"appraiser": u}
    )


def dossier_return(*, dossier, by, reason: str) -> Dossier:
    """Return the dossier to its unit for revision with ``reason``. The submitted
    version stays as it was; the unit edits and resubmits. Notifies the unit."""
    reason = required_text(reason, _("Say what the unit must revise."))
    return _set_state(
        dossier=dossier,
        verb="return",
        by=by,
        comment=reason,
        effect=lambda d, u, n: {"return_reason": reason, "appraiser": u},
    )


def dossier_pass(*, dossier, by) -> Dossier:
    """Conclude the appraisal: đạt. Needs a finding on every criterion. Notifies the
    unit and those who may propose it (steering board, leadership)."""
    return _set_state(
        dossier=dossier,
        verb="pass",
        by=by,
        effect=lambda d, u, n: {
            "conclusion": Conclusion.PASSED,
            "appraised_at": n,
            "appraiser": u,
        },
    )


def dossier_fail(*, dossier, by) -> Dossier:
    """Conclude the appraisal: không đạt, for the reasons written in the comments. The
    bright spot is not recognised this year. Notifies the unit."""

    def effect(locked, by, now):
        bright_spot_not_recognise(
            bright_spot=locked.bright_spot, by=by, reason=locked.appraisal_comments
        )
        return {"conclusion": Conclusion.FAILED, "appraised_at": now, "appraiser": by}

    return _set_state(dossier=dossier, verb="fail", by=by, effect=effect)


def dossier_propose(*, dossier, by) -> Dossier:
    """Send the request letter (công văn đề nghị): the dossier goes to the recognising
    authority (the decisions app takes over). Needs the letter complete with its
    signed scan. Notifies the unit and the decision makers over it."""
    return _set_state(
        dossier=dossier,
        verb="propose",
        by=by,
        effect=lambda d, u, n: {"proposed_at": n, "proposed_by": u},
    )


def dossier_decline(*, dossier, by, reason: str) -> Dossier:
    """Decline a passed dossier (not proposed) or a proposal (by the decision maker):
    the bright spot is not recognised this year. Notifies the unit and proposers."""
    reason = required_text(reason, _("Give the reason."))

    def effect(locked, by, now):
        bright_spot_not_recognise(bright_spot=locked.bright_spot, by=by, reason=reason)
        return {}

    return _set_state(dossier=dossier, verb="decline", by=by, comment=reason, effect=effect)


def dossier_withdraw(*, dossier, by, reason: str) -> Dossier:
    """The unit withdraws the dossier and its bright spot, at any point before a
    decision, giving the reason. Notifies the appraisers and proposers concerned."""
    reason = required_text(reason, _("Give the reason."))

    def effect(locked, by, now):
        bright_spot_withdraw(bright_spot=locked.bright_spot, by=by, reason=reason)
        return {}

    return _set_state(dossier=dossier, verb="withdraw", by=by, comment=reason, effect=effect)


# ---------------------------------------------------------------- opening and versions


def dossier_create(*, bright_spot: BrightSpot, by) -> Dossier:
    """Open the dossier of an acknowledged bright spot: one self-assessment row per
    criterion of its criteria set that applies to its kind. Opening twice returns
    the existing dossier."""
    if not can(by, "dossiers.create", bright_spot):
        raise NotPermitted(_("You may not open a dossier for this bright spot."))
    with transaction.atomic():
        spot = BrightSpot.objects.select_for_update().get(pk=bright_spot.pk)
        existing = Dossier.objects.filter(bright_spot=spot).first()
        if existing:
            return existing
        if spot.status not in OPENABLE:
            raise DossierRefused(
                _(
                    "The bright spot is “%(status)s”: its dossier opens once its "
                    "registration is acknowledged."
                )
                % {"status": spot.get_status_display()},
                code="state",
            )
        criteria = list(criteria_for(criteria_set=spot.criteria_set, kind=spot.kind))
        if not criteria:
            raise DossierRefused(
                _("The criteria set of this bright spot has no criteria for its kind."),
                code="criteria",
            )
        dossier = Dossier.objects.create(bright_spot=spot, created_by=by, updated_by=by)
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(dossier=dossier, criterion=c) for c in criteria
        )
        audit_record(actor=by, target=dossier, action="dossier_create", to_state=dossier.status)
    return dossier


def _attachment_entry(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "sha256": attachment.sha256,
        "size": attachment.size,
    }


def _snapshot(locked: Dossier, by, now) -> DossierVersion:
    """Freeze the dossier as submitted; its current attachments become permanent."""
    current = Attachment.objects.filter(
        dossier=locked, removed_at__isnull=True, purpose=AttachmentPurpose.EVIDENCE
    ).order_by("id")
    by_assessment: dict = {}
    for attachment in current:
        by_assessment.setdefault(attachment.assessment_id, []).append(_attachment_entry(attachment))
    criteria = [
        {
            "criterion": a.criterion_id,
            "assessment": a.pk,
            "group": f"{a.criterion.group.number} {a.criterion.group.title}",
            "number": a.criterion.number,
            "text": a.criterion.text,
            "max_score": None if a.criterion.max_score is None else str(a.criterion.max_score),
            "level": a.level,
            "score": None if a.score is None else str(a.score),
            "evidence": a.evidence,
            "attachments": by_assessment.get(a.pk, []),
        }
        for a in criteria_rows(locked)
    ]
    data = {
        "sections": {s.value: getattr(locked, s.value) for s in Section},
        "criteria": criteria,
        "attachments": by_assessment.get(None, []),
    }
    current.filter(is_submitted=False).update(is_submitted=True)
    number = DossierVersion.objects.filter(dossier=locked).count() + 1
    return DossierVersion.objects.create(
        dossier=locked, number=number, data=data, submitted_by=by, submitted_at=now
    )

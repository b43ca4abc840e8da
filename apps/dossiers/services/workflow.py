"""The dossier workflow: one service per verb, each a step of ``DOSSIER_WORKFLOW``
(declared in ``apps/dossiers/workflow.py``) taken through ``apps.core.workflow``."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import (
    bright_spot_enter_recognition,
    bright_spot_not_recognise,
    bright_spot_withdraw,
)
from apps.brightspots.workflow import SPOT_WORKFLOW, acknowledgement_refusal
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, require_text, transition
from apps.criteria.selectors import criteria_for
from apps.dossiers.enums import AttachmentPurpose, Conclusion, Section
from apps.dossiers.models import Attachment, CriterionAssessment, Dossier, DossierVersion
from apps.dossiers.workflow import DOSSIER_WORKFLOW, criteria_rows, not_met_criteria
from apps.scoring.selectors import forget_last_version, last_version
from apps.scoring.services import dossier_points_record

# ---------------------------------------------------------------- workflow verbs


def _step(dossier: Dossier, verb: str, by: User, now, *, comment: str = "", effect=None) -> Dossier:
    """Take ``verb`` through the core transition; a refusal from the bright spot's own
    workflow inside ``effect`` surfaces as it is."""
    return transition(
        DOSSIER_WORKFLOW, dossier, verb=verb, by=by, now=now, comment=comment, effect=effect
    )


def dossier_submit(*, dossier: Dossier, by: User, now: datetime.datetime | None = None) -> Dossier:
    """Submit the dossier for appraisal (or resubmit it after a return), inside the
    recognition window of the unit (extension included).

    Effects: freezes a new DossierVersion of every criterion, section and current
    attachment (those attachments are then never deleted) and, where the province scores
    the kind's dossiers on a sheet, the sheet and the unit's total and class (the sheet
    is then in use and never changes); the first submission moves
    the bright spot into recognition; appraisers over the unit and appraisers granted
    the dossier are notified.
    """

    def effect(locked, by, now):
        _snapshot(locked, by, now)
        values = {"submitted_at": now}
        if locked.first_submitted_at is None:
            values["first_submitted_at"] = now
            bright_spot_enter_recognition(bright_spot=locked.bright_spot, by=by, now=now)
        return values

    return _step(dossier, "submit", by, now, effect=effect)


def dossier_start_appraisal(
    *, dossier: Dossier, by: User, now: datetime.datetime | None = None
) -> Dossier:
    """An appraiser takes up a submitted dossier. Notifies the unit."""
    return _step(dossier, "start_appraisal", by, now, effect=lambda d, u, n: {"appraiser": u})


def dossier_return(
    *, dossier: Dossier, by: User, reason: str, now: datetime.datetime | None = None
) -> Dossier:
    """Return the dossier to its unit for revision with ``reason``. The submitted
    version stays as it was; the unit edits and resubmits. Notifies the unit."""
    reason = require_text(reason, _("Say what the unit must revise."))
    return _step(
        dossier,
        "return",
        by,
        now,
        comment=reason,
        effect=lambda d, u, n: {"return_reason": reason, "appraiser": u},
    )


def dossier_pass(*, dossier: Dossier, by: User, now: datetime.datetime | None = None) -> Dossier:
    """Conclude the appraisal: đạt. Needs a finding on every criterion and none still
    not met (else ``dossier_pass_override``). Notifies the unit and those who may
    propose it (steering board, leadership)."""
    return _step(
        dossier,
        "pass",
        by,
        now,
        effect=lambda d, u, n: {"conclusion": Conclusion.PASSED, "appraised_at": n, "appraiser": u},
    )


def dossier_pass_override(
    *, dossier: Dossier, by: User, reason: str, now: datetime.datetime | None = None
) -> Dossier:
    """Conclude the appraisal: đạt, although criteria are still not met, for ``reason``
    (the appraiser's explicit override). Needs a finding on every criterion (A14).

    Effects: the reason is kept on the dossier (page and PDF show it beside the
    conclusion); audit "dossier_pass_override" with the reason and the criteria not
    met; the unit and the proposers are told, as for a pass."""
    reason = require_text(reason, _("Say why the dossier passes although criteria are not met."))
    return transition(
        DOSSIER_WORKFLOW,
        dossier,
        verb="pass_override",
        by=by,
        now=now,
        comment=reason,
        data={"not_met": not_met_criteria(dossier)},
        effect=lambda d, u, n: {
            "conclusion": Conclusion.PASSED,
            "appraised_at": n,
            "appraiser": u,
            "pass_override_reason": reason,
        },
    )


def dossier_fail(*, dossier: Dossier, by: User, now: datetime.datetime | None = None) -> Dossier:
    """Conclude the appraisal: không đạt, for the reasons written in the comments. The
    bright spot is not recognised this year. Notifies the unit."""

    def effect(locked, by, now):
        bright_spot_not_recognise(
            bright_spot=locked.bright_spot, by=by, reason=locked.appraisal_comments, now=now
        )
        return {"conclusion": Conclusion.FAILED, "appraised_at": now, "appraiser": by}

    return _step(dossier, "fail", by, now, effect=effect)


def dossier_propose(*, dossier: Dossier, by: User, now: datetime.datetime | None = None) -> Dossier:
    """Send the request letter (công văn đề nghị): the dossier goes to the recognising
    authority (the decisions app takes over). Needs the letter complete with its
    signed scan. Notifies the unit and the decision makers over it."""
    return _step(
        dossier, "propose", by, now, effect=lambda d, u, n: {"proposed_at": n, "proposed_by": u}
    )


def dossier_decline(
    *, dossier: Dossier, by: User, reason: str, now: datetime.datetime | None = None
) -> Dossier:
    """Decline a passed dossier (not proposed) or a proposal (by the decision maker):
    the bright spot is not recognised this year. Notifies the unit and proposers."""
    reason = require_text(reason, _("Give the reason."))

    def effect(locked, by, now):
        bright_spot_not_recognise(bright_spot=locked.bright_spot, by=by, reason=reason, now=now)
        return {}

    return _step(dossier, "decline", by, now, comment=reason, effect=effect)


def dossier_withdraw(
    *, dossier: Dossier, by: User, reason: str, now: datetime.datetime | None = None
) -> Dossier:
    """The unit withdraws the dossier and its bright spot, at any point before a
    decision, giving the reason. Notifies the appraisers and proposers concerned."""
    reason = require_text(reason, _("Give the reason."))

    def effect(locked, by, now):
        bright_spot_withdraw(bright_spot=locked.bright_spot, by=by, reason=reason, now=now)
        return {}

    return _step(dossier, "withdraw", by, now, comment=reason, effect=effect)


# ---------------------------------------------------------------- opening and versions


def dossier_create(
    *, bright_spot: BrightSpot, by: User, now: datetime.datetime | None = None
) -> Dossier:
    """Open the dossier of an acknowledged bright spot (addition A8), or of a registered
    one (its list sent) when its province turned ``acknowledgement_required`` off: one
    self-assessment row per criterion of its criteria set that applies to its kind.
    Opening twice returns the existing dossier."""
    if not can(by, "dossiers.create", bright_spot):
        raise NotPermitted(_("You may not open a dossier for this bright spot."))
    with transaction.atomic():
        spot = BrightSpot.objects.select_for_update().get(pk=bright_spot.pk)
        existing = Dossier.objects.filter(bright_spot=spot).first()
        if existing:
            return existing
        if not _may_open(spot):
            raise Refused(
                _(
                    "The bright spot is “%(status)s”: its dossier opens once its "
                    "registration is acknowledged."
                )
                % {"status": spot.get_status_display()},
                code="state",
            )
        criteria = list(criteria_for(criteria_set=spot.criteria_set, kind=spot.kind))
        if not criteria:
            raise Refused(
                _("The criteria set of this bright spot has no criteria for its kind."),
                code="criteria",
            )
        now = now or timezone.now()
        dossier = Dossier.objects.create(
            bright_spot=spot, created_by=by, updated_by=by, state_changed_at=now
        )
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(dossier=dossier, criterion=c) for c in criteria
        )
        audit_record(
            actor=by, target=dossier, action="dossier_create", to_state=dossier.status, at=now
        )
    return dossier


def _may_open(spot: BrightSpot) -> bool:
    """Its dossier could go in: the spot may enter recognition (a registered one only
    where the province does not wait for the board, docs/process.md A8)."""
    return bool(SPOT_WORKFLOW.step("enter_recognition").target(spot.status)) and not (
        acknowledgement_refusal(spot)
    )


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
    rows = list(criteria_rows(locked))
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
        for a in rows
    ]
    data = {
        "sections": {s.value: getattr(locked, s.value) for s in Section},
        "criteria": criteria,
        "attachments": by_assessment.get(None, []),
    }
    number = last_version(locked)[0] + 1  # the same row names the sheet scored on
    scoring = dossier_points_record(dossier=locked, assessments=rows, now=now)
    if scoring is not None:
        data["scoring"] = scoring
    current.filter(is_submitted=False).update(is_submitted=True)
    version = DossierVersion.objects.create(
        dossier=locked, number=number, data=data, submitted_by=by, submitted_at=now
    )
    forget_last_version(locked)
    return version

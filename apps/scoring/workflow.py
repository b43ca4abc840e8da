"""The steps of a unit's scorecard, declared once: the unit's leader submits the
self-score; the assigned scorer returns it (with a reason) or scores it, which records
the final class. ``services`` take them through ``apps.core.workflow.transition``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.workflow import Step, Workflow
from apps.scoring.enums import ALLOWED_TRANSITIONS, Side
from apps.scoring.enums import ScorecardStatus as S
from apps.scoring.models import Scorecard
from apps.scoring.selectors import card_due, draft_of, unscored_items


def _due_blocker(side: str):
    """Why ``side`` may no longer act on the scorecard (its date, or the unit's
    extension, has passed)."""

    def blocker(scorecard: Scorecard, now) -> str:
        return card_due(scorecard, side, now).message

    return blocker


def _complete_blocker(side: str):
    def blocker(scorecard: Scorecard, now) -> str:
        if late := card_due(scorecard, side, now).message:
            return late
        draft = draft_of(scorecard, side)
        if draft is None:
            return _("Write the scores before submitting.")
        missing = unscored_items(draft)
        if missing:
            return _("Give points to every item before submitting (missing: %(items)s).") % {
                "items": ", ".join(missing)
            }
        return ""

    return blocker


SCORECARD_WORKFLOW = Workflow(
    model=Scorecard,
    namespace="scoring",
    audit_prefix="scorecard_",
    steps=[
        Step(
            "submit",
            {S.DRAFT: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
            rule="scoring.submit",
            blocker=_complete_blocker(Side.SELF),
            label=gettext_lazy("Submit the self-score"),
            confirm=gettext_lazy(
                "Submit the self-score to the scorer? This version can no longer be changed."
            ),
            done=gettext_lazy("The self-score was submitted."),
            url_name="scoring:submit",
        ),
        Step(
            "return",
            {S.SUBMITTED: S.RETURNED},
            rule="scoring.score",
            blocker=_due_blocker(Side.SCORER),
            reason=True,
            label=gettext_lazy("Return to the unit"),
            confirm=gettext_lazy("Return the self-score to the unit for a new version?"),
            done=gettext_lazy("The self-score was returned to the unit."),
            url_name="scoring:return",
        ),
        Step(
            "score",
            {S.SUBMITTED: S.SCORED},
            rule="scoring.score",
            blocker=_complete_blocker(Side.SCORER),
            label=gettext_lazy("Record the score and the class"),
            confirm=gettext_lazy(
                "Record this score and its class? It can no longer be changed afterwards."
            ),
            done=gettext_lazy("The score and the class were recorded."),
            url_name="scoring:score",
        ),
    ],
    transitions=ALLOWED_TRANSITIONS,
    state_message=lambda card: (
        _("This scorecard is “%(status)s”; that step is not possible now.")
        % {"status": card.get_status_display()}
    ),
    not_permitted=gettext_lazy("You may not take this step for this scorecard."),
    lock=lambda card: (
        Scorecard.objects.select_for_update(of=("self",))
        .select_related("unit", "round__cycle__province")
        .get(pk=card.pk)
    ),
)

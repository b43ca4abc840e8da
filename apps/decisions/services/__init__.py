"""Services of the decisions app, one module per entity."""

from apps.core.workflow import NotPermitted, Refused
from apps.decisions.services.commendations import (
    proposal_create,
    proposal_record_decision,
    proposal_select,
    proposal_send,
)
from apps.decisions.services.decisions import (
    decision_create,
    decision_delete,
    decision_issue,
    decision_revoke,
    decision_set_bright_spots,
    decision_update,
)
from apps.decisions.services.printing import certificates_print_request, print_job_run

__all__ = [
    "NotPermitted",
    "Refused",
    "certificates_print_request",
    "decision_create",
    "decision_delete",
    "decision_issue",
    "decision_revoke",
    "decision_set_bright_spots",
    "decision_update",
    "print_job_run",
    "proposal_create",
    "proposal_record_decision",
    "proposal_select",
    "proposal_send",
]

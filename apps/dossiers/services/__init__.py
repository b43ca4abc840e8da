"""Dossier services (write side). ``workflow``: the state changes, one verb each;
``editing``: the three parts and attachments; ``grants``: single-dossier grants."""

from apps.core.workflow import ConflictOfInterest, NotPermitted, Refused, StaleEdit
from apps.dossiers.services.editing import (
    dossier_attach,
    dossier_remove_attachment,
    dossier_save,
    dossier_save_appraisal,
    dossier_save_criterion,
    dossier_save_finding,
    dossier_save_letter,
)
from apps.dossiers.services.grants import dossier_grant_appraiser, dossier_revoke_appraiser
from apps.dossiers.services.workflow import (
    dossier_create,
    dossier_decline,
    dossier_fail,
    dossier_pass,
    dossier_pass_override,
    dossier_propose,
    dossier_return,
    dossier_start_appraisal,
    dossier_submit,
    dossier_withdraw,
)

__all__ = [
    "ConflictOfInterest",
    "NotPermitted",
    "Refused",
    "StaleEdit",
    "dossier_attach",
    "dossier_create",
    "dossier_decline",
    "dossier_fail",
    "dossier_grant_appraiser",
    "dossier_pass",
    "dossier_pass_override",
    "dossier_propose",
    "dossier_remove_attachment",
    "dossier_return",
    "dossier_revoke_appraiser",
    "dossier_save",
    "dossier_save_appraisal",
    "dossier_save_criterion",
    "dossier_save_finding",
    "dossier_save_letter",
    "dossier_start_appraisal",
    "dossier_submit",
    "dossier_withdraw",
]

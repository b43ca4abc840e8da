"""State changes of bright spots, registration lists and their routings: one
service per verb (services write; selectors read). The steps are declared in
``apps/brightspots/workflow.py`` and taken through ``apps.core.workflow``."""

from apps.brightspots.services.progress import directive_record, progress_update_submit
from apps.brightspots.services.publishing import (
    bright_spot_publish,
    bright_spot_unpublish,
    publication_agree,
)
from apps.brightspots.services.registration import (
    registration_list_send,
    routing_acknowledge,
    routing_return,
    routings_acknowledge,
)
from apps.brightspots.services.spots import (
    EDITABLE_FIELDS,
    activity_date_errors,
    bright_spot_create,
    bright_spot_enter_recognition,
    bright_spot_not_recognise,
    bright_spot_recognise,
    bright_spot_update,
    bright_spot_withdraw,
    check_criteria_set_covers,
    check_plan,
    plan_period,
)

__all__ = [
    "EDITABLE_FIELDS",
    "activity_date_errors",
    "bright_spot_create",
    "bright_spot_enter_recognition",
    "bright_spot_not_recognise",
    "bright_spot_publish",
    "bright_spot_recognise",
    "bright_spot_unpublish",
    "bright_spot_update",
    "bright_spot_withdraw",
    "check_criteria_set_covers",
    "check_plan",
    "directive_record",
    "plan_period",
    "progress_update_submit",
    "publication_agree",
    "registration_list_send",
    "routing_acknowledge",
    "routing_return",
    "routings_acknowledge",
]

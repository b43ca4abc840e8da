"""Who may do what to bright spots, registration lists and their routings.

Rules answer role × jurisdiction only; the services check state and dates.
"""

from apps.accounts.enums import ALL_ROLES, BOARD_ACTORS, BOARD_ROLES, UNIT_STAFF, Role
from apps.accounts.permissions import can, has_role, holds_role_anywhere, rule
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.querysets import holds_board_seat


def _routed_to_seat(user, registration_list_id, kind=None) -> bool:
    """Was (part of) the list routed to a board the user sits on?"""
    if not registration_list_id or not holds_board_seat(user):
        return False
    routings = RegistrationRouting.objects.received_by(user).filter(
        registration_list_id=registration_list_id
    )
    return routings.filter(kind=kind).exists() if kind else routings.exists()


def _appraises(user, spot) -> bool:
    """May the user appraise the spot's dossier (then they read the spot it is about)?"""
    from apps.dossiers.models import Dossier

    dossier = Dossier.objects.filter(bright_spot=spot).select_related("bright_spot__unit").first()
    return dossier is not None and can(user, "dossiers.appraise", dossier)


@rule("brightspots.view")
def can_view_bright_spot(user, spot) -> bool:
    return (
        has_role(user, ALL_ROLES, spot.unit)
        or _routed_to_seat(user, spot.registration_list_id, spot.kind)
        or (holds_role_anywhere(user, Role.APPRAISER) and _appraises(user, spot))
        or (spot.status == BrightSpotStatus.RECOGNISED and can_publish(user, spot))
    )


@rule("brightspots.create")
def can_create_bright_spot(user, unit) -> bool:
    return has_role(user, Role.OFFICER, unit)


@rule("brightspots.edit")
def can_edit_bright_spot(user, spot) -> bool:
    return has_role(user, Role.OFFICER, spot.unit)


@rule("brightspots.withdraw")
def can_withdraw_bright_spot(user, spot) -> bool:
    return has_role(user, UNIT_STAFF, spot.unit)


@rule("brightspots.update_progress")
def can_update_progress(user, spot) -> bool:
    return has_role(user, Role.OFFICER, spot.unit)


@rule("brightspots.view_unit")
def can_view_unit_year(user, unit) -> bool:
    return has_role(user, ALL_ROLES, unit)


@rule("brightspots.record_directive")
def can_record_directive(user, unit) -> bool:
    return has_role(user, UNIT_STAFF, unit)


@rule("brightspots.view_list")
def can_view_registration_list(user, registration_list) -> bool:
    return has_role(user, ALL_ROLES, registration_list.unit) or _routed_to_seat(
        user, registration_list.pk
    )


@rule("brightspots.send_list")
def can_send_registration_list(user, registration_list) -> bool:
    return has_role(user, Role.LEADER, registration_list.unit)


@rule("brightspots.inbox")
def can_open_inbox(user, _obj=None) -> bool:
    return holds_role_anywhere(user, BOARD_ROLES)


@rule("brightspots.view_routing")
def can_view_routing(user, routing) -> bool:
    units = (routing.board, routing.via, routing.copy_to)
    return any(has_role(user, BOARD_ROLES, unit) for unit in units)


@rule("brightspots.answer_routing")
def can_answer_routing(user, routing) -> bool:
    return has_role(user, BOARD_ACTORS, routing.board) or has_role(user, BOARD_ACTORS, routing.via)


@rule("brightspots.agree_publication")
def can_agree_publication(user, spot) -> bool:
    return has_role(user, Role.LEADER, spot.unit)


@rule("brightspots.publish")
def can_publish(user, spot) -> bool:
    from apps.brightspots.selectors import publishers_of

    return any(has_role(user, BOARD_ACTORS, unit) for unit in publishers_of(spot))


@rule("brightspots.unpublish")
def can_unpublish(user, spot) -> bool:
    return has_role(user, UNIT_STAFF, spot.unit) or can_publish(user, spot)

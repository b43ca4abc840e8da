"""Who sees dashboards and review reports.

The provincial boards (Ban Dân vận, Sở Nội vụ, the two steering boards) follow the
whole province, although a board's own subtree holds no unit: anyone holding a role in
one of them sees the province's dashboards and summary. A review report is addressed
to Ban Dân vận Tỉnh ủy and Sở Nội vụ: their members also see the province's submitted
reports.
"""

from django.db.models import Q

from apps.accounts.enums import ALL_ROLES, SUPERVISORS, UNIT_READERS, UNIT_STAFF, Role
from apps.accounts.permissions import has_role, memberships, reach_q, rule
from apps.reports.enums import ReviewReportStatus
from apps.units.enums import UnitKind


def board_provinces(user, functions=None) -> list[str]:
    """Paths of the provinces on whose provincial boards (of ``functions``, default
    any) the user holds a role. A board is a unit carrying a board function right under
    the province, whatever its kind: Sở Nội vụ is a department and a board."""
    paths = set()
    for membership in memberships(user):
        board = membership.unit
        if not board.function or board.depth != 2:
            continue
        if functions is None or board.function in functions:
            paths.add(board.path[: board.steplen])
    return sorted(paths)


def addressee_provinces(user) -> list[str]:
    """Paths of the provinces on whose boards receiving the yearly review report (the
    province's process: Ban Dân vận and Sở Nội vụ in Nghệ An's) the user holds a role.
    A query per such province, once per request."""
    from apps.cycles.process import current_version, process_of_version

    paths = []
    for path in board_provinces(user):
        addressees = process_of_version(current_version(None, path=path).pk).review_report_to
        if path in board_provinces(user, addressees):
            paths.append(path)
    return paths


def is_addressee(user, unit) -> bool:
    return unit.path[: unit.steplen] in addressee_provinces(user)


def sits_on_a_board_of(user, unit) -> bool:
    return unit.path[: unit.steplen] in board_provinces(user)


def addressee_q(user, unit_field: str = "unit") -> Q:
    """Rows of the provinces the user receives review reports for."""
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    q = Q(pk__in=[])
    for path in addressee_provinces(user):
        q |= Q(**{lookup: path})
    return q


def is_reporting_unit(unit) -> bool:
    return unit.is_active and unit.kind not in (UnitKind.PROVINCE, UnitKind.BOARD)


@rule("reports.view_dashboard")
def can_view_dashboard(user, unit) -> bool:
    return has_role(user, ALL_ROLES, unit) or sits_on_a_board_of(user, unit)


@rule("reports.view_summary")
def can_view_summary(user, unit) -> bool:
    """The summary for the Standing Committee: supervising roles and the boards."""
    return has_role(user, SUPERVISORS, unit) or sits_on_a_board_of(user, unit)


@rule("reports.start_review_report")
def can_start_review_report(user, unit) -> bool:
    return is_reporting_unit(unit) and has_role(user, UNIT_STAFF, unit)


@rule("reports.view_review_report")
def can_view_review_report(user, report) -> bool:
    if has_role(user, UNIT_READERS, report.unit):
        return True
    return report.is_submitted and (
        has_role(user, SUPERVISORS, report.unit) or is_addressee(user, report.unit)
    )


@rule("reports.edit_review_report")
def can_edit_review_report(user, report) -> bool:
    return not report.is_submitted and has_role(user, UNIT_STAFF, report.unit)


@rule("reports.submit_review_report")
def can_submit_review_report(user, report) -> bool:
    """The actor check: the unit's leader (the service checks the report's status)."""
    return has_role(user, Role.LEADER, report.unit)


def review_reports_visible_to(user) -> Q:
    """The reports ``user`` may open (filter in SQL)."""
    own = reach_q(user, UNIT_READERS)
    received = reach_q(user, SUPERVISORS) | addressee_q(user)
    return own | (Q(status=ReviewReportStatus.SUBMITTED) & received)

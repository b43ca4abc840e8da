"""Rows the reminder tests need beyond tests/brightspots/factories.py."""

from apps.brightspots.enums import RegistrationListStatus
from apps.brightspots.models import ProgressUpdate, RegistrationList
from apps.cycles.models import DeadlineExtension
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from tests.factories import UserFactory


def send_list(unit, cycle, status=RegistrationListStatus.SENT) -> RegistrationList:
    """The unit's registration list, sent (or in ``status``)."""
    registration_list, _ = RegistrationList.objects.update_or_create(
        unit=unit, cycle=cycle, defaults={"status": status}
    )
    return registration_list


def add_progress_update(spot) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        bright_spot=spot, text="Đã tổ chức 3 buổi đối thoại", submitted_by=UserFactory()
    )


def make_review_report(unit, cycle, status=ReviewReportStatus.SUBMITTED) -> ReviewReport:
    return ReviewReport.objects.create(
        unit=unit, cycle=cycle, status=status, results="Kết quả", created_by=UserFactory()
    )


def extend(unit, cycle, kind, new_date) -> DeadlineExtension:
    return DeadlineExtension.objects.create(
        cycle=cycle,
        unit=unit,
        deadline=kind,
        new_date=new_date,
        reason="Thiên tai",
        granted_by=UserFactory(),
    )

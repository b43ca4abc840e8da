import datetime

from django.utils import timezone

from apps.cycles.models import Cycle, DeadlineExtension


def cycle_for(*, unit, year: int) -> Cycle | None:
    """The cycle of the province (root of the tree) that ``unit`` belongs to."""
    root_path = unit.path[: unit.steplen]
    return Cycle.objects.filter(province__path=root_path, year=year).first()


def effective_deadline(*, cycle: Cycle, unit, kind: str) -> tuple[datetime.date, bool]:
    """The last allowed day for ``unit`` and whether it comes from an extension."""
    extension = DeadlineExtension.objects.filter(cycle=cycle, unit=unit, deadline=kind).first()
    if extension and extension.new_date > cycle.deadline(kind):
        return extension.new_date, True
    return cycle.deadline(kind), False


def local_today(at: datetime.datetime | None = None) -> datetime.date:
    """Today in Asia/Ho_Chi_Minh (a deadline date includes its whole local day)."""
    return timezone.localdate(at or timezone.now())

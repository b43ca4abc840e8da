"""The years the demo plays and their moments, all in the past of the day it is loaded.

- the current year is the latest whose recognition window (15/10–30/11 in Nghệ An's
  process) has closed by today: its dossiers are at every step, waiting for the people
  who act next;
- the past year, the one before, is finished: decided, printed, published, reported;
- the next year is being registered: lists drafted, sent, acknowledged (until today, or
  a few days before its registration deadline when that comes first).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from apps.cycles.enums import CycleDate
from apps.cycles.process import current_process
from apps.units.models import Unit

LOCAL = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Calendar:
    """The three years and the moment the demo is loaded."""

    now: datetime.datetime
    past: int
    current: int
    next: int

    @property
    def years(self) -> tuple[int, int, int]:
        return (self.past, self.current, self.next)

    def at(self, year: int, month: int, day: int, hour: int = 9, minute: int = 0):
        """A moment of the story (local time), never after the moment of loading."""
        moment = datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)
        return min(moment, self.now - datetime.timedelta(minutes=30))

    def registering(self, minute: int = 0) -> datetime.datetime:
        """A moment of next year's registration: a few days before its deadline, or
        this morning when that is still ahead."""
        today = timezone.localtime(self.now, LOCAL).date()
        morning = datetime.datetime.combine(today, datetime.time(7, minute), tzinfo=LOCAL)
        return min(self.at(self.next, 3, 20, 9, minute), morning)


def story_calendar(province: Unit, now: datetime.datetime | None = None) -> Calendar:
    """The demo's years for ``province``, read from its process's default dates."""
    now = now or timezone.now()
    today = timezone.localtime(now, LOCAL).date()
    process = current_process(province)
    year = today.year
    while process.default_dates(year)[CycleDate.RECOGNITION_CLOSES] >= today:
        year -= 1
    return Calendar(now=now, past=year - 1, current=year, next=year + 1)

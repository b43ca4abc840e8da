import datetime

from django.core.management.base import BaseCommand, CommandError

from apps.cycles.selectors import local_today
from apps.reminders.selectors import reminder_plan
from apps.reminders.services import reminders_send


def _date(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a date)
    except ValueError:
        raise CommandError(f"--date must be dd/mm/yyyy, got {text!r}") from None


class Command(BaseCommand):
    help = (
        "Send the deadline reminders and late-units digests due on a day (what the "
        "daily beat job does). --dry-run lists who would be reminded and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="dd/mm/yyyy (default: today)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = date or local_today()
        if dry_run:
            self._list(today)
            return
        result = reminders_send(today=today)
        self.stdout.write(
            f"{today:%d/%m/%Y}: {result.deliveries} reminders/digests, "
            f"{result.recipients} recipients, {result.emails} e-mails queued"
        )

    def _list(self, today):
        plan = reminder_plan(today=today)
        for delivery in plan:
            when = "late" if delivery.offset_days is None else f"{delivery.offset_days} days before"
            for user in delivery.recipients:
                self.stdout.write(
                    f"{delivery.kind}\t{delivery.deadline}\t{delivery.due_date:%d/%m/%Y}\t"
                    f"{when}\t{delivery.unit.name}\t{user.get_full_name()} <{user.email}>"
                )
        total = sum(len(d.recipients) for d in plan)
        self.stdout.write(f"{today:%d/%m/%Y}: would remind {total} recipients (dry run)")

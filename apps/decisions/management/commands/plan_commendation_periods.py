"""Lay out a province's commendation periods from a first year and a length:

    manage.py plan_commendation_periods --province P72 --first-year 2023 --length 3 --by admin_tn

Runs ``services.commendations.commendation_periods_plan`` as the user ``--by`` (the
province's administrator), audited; running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.core.workflow import REFUSALS, refusal_messages
from apps.decisions.services.commendations import commendation_periods_plan
from apps.units.models import Unit


class Command(BaseCommand):
    help = "Lay out a province's commendation periods (first year, length, how many)."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="code of the province")
        parser.add_argument("--first-year", type=int, required=True)
        parser.add_argument("--length", type=int, required=True, help="years in a period")
        parser.add_argument("--count", type=int, default=1, help="how many periods")
        parser.add_argument("--by", required=True, help="username of the province's admin")

    def handle(self, *args, province, first_year, length, count, by, **options):
        unit = Unit.objects.filter(code=province, depth=1).first()
        if unit is None:
            raise CommandError(f"no province with code {province}")
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {by}")
        try:
            periods = commendation_periods_plan(
                province=unit, first_year=first_year, length=length, count=count, by=user
            )
        except REFUSALS as exc:
            raise CommandError("; ".join(refusal_messages(exc))) from exc
        self.stdout.write(f"{unit}: " + ", ".join(str(p) for p in periods))

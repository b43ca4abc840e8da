"""Merge old units into the unit they became (the 2025 reform merged communes):

    manage.py merge_units --into W16702 OLD-1 OLD-2 --by admin_na [--dry-run]
    manage.py merge_units --suggest P40

Runs ``apps.units.merge.units_merge`` as the user ``--by`` (the province's
administrator), audited; ``--dry-run`` prints the preview only; ``--suggest`` prints
what vietnam-provinces' table of the reform maps to each current commune.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.core.workflow import REFUSALS, refusal_messages
from apps.units.merge import merge_plan, merge_suggestions, units_merge
from apps.units.models import Unit


class Command(BaseCommand):
    help = "Merge old units into a new one (their work under way, history and members follow)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="codes of the old units")
        parser.add_argument("--into", help="code of the unit they became")
        parser.add_argument("--by", help="username of the province's admin")
        parser.add_argument("--dry-run", action="store_true", help="print the preview only")
        parser.add_argument("--suggest", metavar="PROVINCE", help="print the map's suggestions")

    def handle(self, *args, sources, into, by, dry_run, suggest, **options):
        if suggest:
            return self._suggest(suggest)
        target = Unit.objects.filter(code=into or "").first()
        found = list(Unit.objects.filter(code__in=sources))
        if target is None or len(found) != len(set(sources)):
            raise CommandError("unknown unit code in --into or the old units")
        plan = merge_plan(target=target, sources=found)
        self.stdout.write(
            f"{', '.join(u.name for u in found)} -> {target.name}: "
            f"{plan.spots_moving} spots under way move, {plan.spots_staying} finished stay, "
            f"{plan.memberships_moving} roles move"
        )
        if plan.problems:
            raise CommandError("\n".join(plan.problems))
        if dry_run:
            return
        user = User.objects.filter(username=by or "", is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {by}")
        try:
            units_merge(target=target, sources=found, by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except REFUSALS as exc:
            raise CommandError("; ".join(refusal_messages(exc))) from exc
        self.stdout.write("merged")

    def _suggest(self, code: str) -> None:
        province = Unit.objects.filter(code=code, depth=1).first()
        if province is None:
            raise CommandError(f"no province with code {code}")
        for suggestion in merge_suggestions(province):
            old = " ".join(u.code for u in suggestion.sources)
            self.stdout.write(f"--into {suggestion.target.code} {old}")

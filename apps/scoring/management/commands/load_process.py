"""Load a province's process, its scoring sheets and its commendation periods from one
file:

    manage.py load_process --province P72 --by admin_tn fixtures/process/tay-ninh.json

Without ``--province`` the file becomes a new version of the portal's default process.
``--by`` (a user allowed to lay out the province's commendation periods, its
administrator) is required when the file has ``commendation_periods``; the writes are
attributed to that user and audited.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.workflow import REFUSALS, refusal_messages
from apps.scoring.services import process_with_sheets_load
from apps.units.models import Unit


class Command(BaseCommand):
    help = (
        "Load a province's process version, its scoring sheets and its commendation "
        "periods from a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--province", help="code of the province (a root unit)")
        parser.add_argument("--by", help="username the writes are attributed to")
        parser.add_argument("--draft", action="store_true", help="leave the version unpublished")

    def handle(self, *args, file: Path, province: str | None, by: str | None, draft, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        unit = None
        if province:
            unit = Unit.objects.filter(code=province, depth=1).first()
            if unit is None:
                raise CommandError(f"no province with code {province}")
        user = None
        if by:
            user = User.objects.filter(username=by, is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {by}")
        if data.get("commendation_periods") and user is None:
            raise CommandError("the file lays out commendation periods: give --by USERNAME")
        try:
            with transaction.atomic():
                version, sheets, periods = process_with_sheets_load(
                    data, province=unit, by=user, publish=not draft, now=timezone.now()
                )
        except (*REFUSALS, ValueError) as exc:
            raise CommandError("; ".join(refusal_messages(exc))) from exc
        self.stdout.write(
            f"process version {version.number} of {unit or 'the default'}; "
            f"{len(sheets)} scoring sheet(s): {', '.join(str(s) for s in sheets)}; "
            f"{len(periods)} commendation period(s): {', '.join(str(p) for p in periods)}"
        )

"""Import past years' recognised bright spots from paper records:

    manage.py import_history FILE.xlsx --by admin_na [--dry-run]

Runs ``apps.brightspots.imports.history_import`` as the user ``--by`` (the province's
administrator: rows are limited to the units they administer, the audit names them).
Nothing is written when any row fails; the row errors are printed.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.brightspots.history_sheet import COLUMNS
from apps.brightspots.imports import history_errors, history_import
from apps.core.workflow import REFUSALS, refusal_messages


class Command(BaseCommand):
    help = (
        "Import past recognised bright spots with their decisions and certificates from "
        f"an .xlsx or .csv file (columns: {', '.join(COLUMNS)}). Nothing is written when "
        "any row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="username of the province's admin")
        parser.add_argument("--dry-run", action="store_true", help="check the file only")

    def handle(self, *args, file: Path, by: str, dry_run=False, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {by}")
        try:
            result = history_import(
                data=file.read_bytes(), file_name=file.name, by=user, dry_run=dry_run
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except REFUSALS as exc:
            raise CommandError("; ".join(refusal_messages(exc))) from exc
        errors = history_errors(result)
        if errors:
            heading = _("%(file)s: nothing imported.") % {"file": file.name}
            raise CommandError("\n".join([heading, *errors]))
        summary = _("%(count)s bright spots imported from paper records.") % {
            "count": result.totals["new"]
        }
        self.stdout.write(summary + (" " + _("Dry run: nothing written.") if dry_run else ""))

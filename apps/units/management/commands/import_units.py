from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.units.services import import_errors, units_import


class Command(BaseCommand):
    help = (
        "Import agencies, boards and other units from a .csv or .xlsx file (columns: code, "
        "parent_code, name, kind, level, function, address, is_recognising_authority; "
        "optional: abbreviation, head_title, is_party_body). Nothing is written when any "
        "row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file only")

    def handle(self, *args, file: Path, dry_run=False, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        try:
            result = units_import(data=file.read_bytes(), file_name=file.name, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        errors = import_errors(result)
        if errors:
            heading = _("%(file)s: nothing imported.") % {"file": file.name}
            raise CommandError("\n".join([heading, *errors]))
        summary = _("%(file)s: %(new)s created, %(update)s updated, %(skip)s unchanged.") % {
            "file": file.name,
            **result.totals,
        }
        self.stdout.write(summary + (" " + _("Dry run: nothing written.") if dry_run else ""))

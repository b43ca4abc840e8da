from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the media files into a new "
        "folder of BACKUP_DIR with a manifest of SHA-256 checksums; keep the newest "
        "BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="default: BACKUP_DIR")
        parser.add_argument("--keep", type=int, default=None, help="default: BACKUP_KEEP")

    def handle(self, *args, dir=None, keep=None, **options):
        try:
            path = backup_create(now=timezone.now(), directory=dir, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if path is None:
            raise CommandError("another backup is running")
        self.stdout.write(str(path))
        kept = settings.BACKUP_KEEP if keep is None else keep
        self.stderr.write(f"backup written; the newest {kept} are kept")

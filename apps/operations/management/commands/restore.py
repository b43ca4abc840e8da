from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder (from `manage.py backup`) into an empty database and an "
        "empty media folder, then check every table and file against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup folder")
        parser.add_argument(
            "--database-url", required=True, help="postgres://user:pass@host:port/empty_db"
        )
        parser.add_argument("--media-root", type=Path, required=True, help="an empty folder")

    def handle(self, *args, backup, database_url, media_root, **options):
        try:
            manifest = backup_restore(
                source=backup, database_url=database_url, media_root=media_root
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        rows = sum(table["rows"] for table in tables.values())
        files = len(manifest["media"]["files"])
        self.stdout.write(
            f"restored {len(tables)} tables ({rows} rows) and {files} media files; "
            "every table and file matches the manifest"
        )

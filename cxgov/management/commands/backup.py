"""`manage.py backup [PATH]` (`make backup`): a backup of the configured database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cxgov.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database: pg_dump on PostgreSQL, SQLite's backup API on the default."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it (default: var/backups/)")

    def handle(self, *args, path=None, **options):
        try:
            written = backup(Path(path) if path else None)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))

"""`manage.py restore PATH` (`make restore FILE=...`): the configured database's contents are
replaced by a backup's (cxgov.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cxgov.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, path, interactive=True, **options):
        name = connections["default"].settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace everything in the database {name} with {path}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        connections.close_all()
        try:
            restore(Path(path))
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {path} into {name}"))

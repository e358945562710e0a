"""``python manage.py backup [--output DIR]``: a consistent copy of the database and media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import backup_site
from cms.exceptions import CMSError


class Command(BaseCommand):
    help = (
        "Copy the database (SQLite online backup or pg_dump) and MEDIA_ROOT into a new "
        "folder digest-backup-<time>/ under --output, while the site keeps running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="Folder to write the backup into (default backups)."
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2
        try:
            result = backup_site(
                Path(options["output"]), progress=self.stdout.write if verbose else None
            )
        except CMSError as error:
            raise CommandError(f"{error} No backup was written.") from error
        if options["verbosity"] >= 1:
            self.stdout.write(result.summary())

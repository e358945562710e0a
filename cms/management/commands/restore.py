"""``python manage.py restore PATH``: put a backup folder's database and media back."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import backup_site, content_counts, read_manifest, restore_site
from cms.exceptions import CMSError


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a folder written by backup. A site that "
        "already holds content is first backed up itself, and replaced only after you "
        "confirm (or with --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A digest-backup-<time> folder written by backup.")
        parser.add_argument(
            "--force", action="store_true", help="Replace existing content without asking."
        )
        parser.add_argument(
            "--safety-backup-dir",
            default="backups",
            help="Where the backup of the content being replaced goes (default backups).",
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_true",
            help="Do not back up the content being replaced.",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            manifest = read_manifest(path)
            existing = {name: n for name, n in content_counts().items() if n}
            if existing and not options["force"]:
                self.confirm(existing)
            if existing and not options["no_safety_backup"]:
                safety = backup_site(Path(options["safety_backup_dir"]))
                if options["verbosity"] >= 1:
                    self.stdout.write(f"The content being replaced is kept in {safety.path}.")
            restore_site(path)
        except CMSError as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        if options["verbosity"] >= 1:
            counts = ", ".join(f"{n} {name}" for name, n in manifest["counts"].items())
            self.stdout.write(
                f"Restored {path} (made {manifest['created']}): {counts}. "
                "Run python manage.py migrate if this code is newer than the backup."
            )

    def confirm(self, existing: dict[str, int]) -> None:
        held = ", ".join(f"{n} {name}" for name, n in existing.items())
        message = f"This database holds {held}; restoring replaces all of it."
        if not sys.stdin.isatty():
            raise CommandError(f"{message} Run again with --force to go ahead.")
        answer = input(f"{message} Type 'yes' to continue: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")

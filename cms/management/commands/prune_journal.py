"""``python manage.py prune_journal [--keep-days N]``: prune the change journal now.

Every export that publishes already does this (``cms.export.journal_prune``);
run it by hand to reclaim a journal that grew before pruning existed without
waiting for the retention, or from cron when the exports run with a database
role that may not delete.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from cms.export.journal_prune import prune_journal


class Command(BaseCommand):
    help = (
        "Delete the change-journal rows no export of the last --keep-days needs "
        "(default CMS_JOURNAL_KEEP_DAYS); an older output's next export takes the digest road."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=float, help="Retention in days.")

    def handle(self, *args, **options):
        days = options["keep_days"]
        if days is not None and days < 0:
            raise CommandError("--keep-days must be 0 or more.")
        deleted = prune_journal(keep=None if days is None else timedelta(days=days))
        if options["verbosity"] > 0:
            self.stdout.write(f"Pruned {deleted} rows from the change journal.")

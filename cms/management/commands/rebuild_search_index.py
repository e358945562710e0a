"""``python manage.py rebuild_search_index``: index every entry again, from scratch.

Saves and deletes keep the index current; run this after bulk changes that
send no signals (``QuerySet.update()``, raw SQL, a restored backup) or after
upgrading a database that has entries from before search existed.
"""

from django.core.management.base import BaseCommand, CommandError

from cms.search import get_backend, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of all entries (SQLite FTS5 or PostgreSQL full-text)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        using = options["database"]
        try:
            backend = get_backend(using)
        except NotImplementedError as error:
            raise CommandError(str(error)) from error

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total}")

        count = rebuild_index(using=using, progress=progress)
        size = backend.size()
        size_text = f", {size / 1024 / 1024:.1f} MiB" if size is not None else ""
        if options["verbosity"] > 0:
            self.stdout.write(f"Indexed {count} entries ({backend.vendor}{size_text}).")

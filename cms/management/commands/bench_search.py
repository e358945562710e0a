"""``python manage.py bench_search``: live search latency and index size at N entries.

It never touches the configured database's data: like the test runner it
creates a throw-away database of the same vendor (a temporary SQLite file,
or a ``bench_search_<pid>`` PostgreSQL database), migrates it, fills it with
synthetic entries, measures, and drops it. The generator and the timings are
``devtools.search_bench`` (a checkout's development tools).
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cms.management import devtools


class Command(BaseCommand):
    help = "Measure live search latency (p50/p95) and index size on a throw-away database."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000, help="Default 10000.")
        parser.add_argument("--repeat", type=int, default=20, help="Runs of each query.")

    def handle(self, *args, **options):
        if options["entries"] < 1 or options["repeat"] < 1:
            raise CommandError("--entries and --repeat must be 1 or more.")
        bench = devtools.load("search_bench", "bench_search")
        with tempfile.TemporaryDirectory() as folder:
            test_name = (
                str(Path(folder) / "bench.sqlite3")
                if connection.vendor == "sqlite"
                else f"bench_search_{os.getpid()}"
            )
            connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
            original = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                result = bench.run(options["entries"], repeat=options["repeat"])
            finally:
                connection.creation.destroy_test_db(original, verbosity=0)
        for line in result.lines(connection.vendor):
            self.stdout.write(line)

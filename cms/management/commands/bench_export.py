"""``manage.py bench_export --entries 1000``: pages per second, full and incremental exports.

The benchmark never touches the project's database: it re-runs itself in a
child process whose ``DATABASE_URL``, static and media roots point into a
scratch folder, migrates a fresh SQLite file there, generates the entries
deterministically (``cms.export.sample``) and times four exports: full,
incremental with nothing changed, incremental after editing one entry, and
full with ``--jobs``.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.export import export_site

BENCH_SITE_URL = "https://bench.example.org/"


class Command(BaseCommand):
    help = "Generate N entries in a scratch database and report export speed in pages per second."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=1000)
        parser.add_argument("--jobs", type=int, default=2, help="Workers for the parallel run.")
        parser.add_argument("--workdir", help="Scratch folder (default: a new temporary folder).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
        parser.add_argument("--inner", action="store_true", help="Internal: run in the scratch DB.")

    def handle(self, *args, entries: int, jobs: int, workdir: str | None, keep: bool, **options):
        if options["inner"]:
            self.measure(entries, jobs, Path(workdir))
            return
        scratch = Path(workdir or tempfile.mkdtemp(prefix="digest-bench-"))
        scratch.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(scratch / "static"),
            "DJANGO_MEDIA_ROOT": str(scratch / "media"),
            "CMS_SITE_URL": BENCH_SITE_URL,
        }
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_export"]
        command += ["--inner", "--entries", str(entries), "--jobs", str(jobs)]
        command += ["--workdir", str(scratch)]
        try:
            subprocess.run(command, env=env, check=True)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"The benchmark failed (exit {error.returncode}).") from error
        finally:
            if not keep:
                shutil.rmtree(scratch, ignore_errors=True)

    def measure(self, entries: int, jobs: int, scratch: Path) -> None:
        database = Path(settings.DATABASES["default"]["NAME"]).resolve()
        if not database.is_relative_to(scratch.resolve()):
            raise CommandError(f"Refusing to benchmark against {database}; run without --inner.")
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        from cms.export.sample import generate_content

        generate_content(entries)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"{entries} entries generated in {time.monotonic() - started:.1f} s")
        output = scratch / "site"
        self.report("full, --jobs 1", export_site(output))
        self.report("incremental, nothing changed", export_site(output, incremental=True))
        from cms.models import Entry

        entry = Entry.objects.get(language="en", slug="gen-00002")
        entry.title = "Edited for the benchmark"
        entry.save()
        self.report("incremental, one entry edited", export_site(output, incremental=True))
        self.report(f"full, --jobs {jobs}", export_site(scratch / "parallel", jobs=jobs))

    def report(self, label: str, result) -> None:
        if not result.ok:
            raise CommandError(f"{label}: {len(result.broken)} broken links")
        rate = result.pages / result.seconds if result.seconds else 0
        self.stdout.write(
            f"{label}: {result.pages} pages ({result.rendered} rendered, {result.reused} reused) "
            f"in {result.seconds:.1f} s = {rate:.0f} pages/s"
        )

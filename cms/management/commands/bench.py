"""``manage.py bench --entries 10000``: export speed, memory and live latency on generated content.

The benchmark never touches the project's database: it re-runs itself in a
child process whose ``DATABASE_URL``, static and media roots point into a
scratch folder, migrates a fresh SQLite file there, generates the entries
deterministically (``devtools.sample``) and measures what
``devtools.bench.run.run_benchmark`` lists, with production settings
(``DEBUG`` off). It prints a table and, with ``--json``, writes the figures so runs
can be compared. ``--hugo`` also writes the same entries as a Hugo site and
times ``hugo`` on it (``devtools.bench.hugo``), so the ratio comes from one run.
The measuring is a checkout's development tools (``devtools/bench/``), loaded
when the command runs, so the installed package does not carry it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.export.static import collect_static
from cms.management import devtools

BENCH_SITE_URL = "https://bench.example.org/"


class Command(BaseCommand):
    help = "Generate N entries in a scratch database; report export speed, memory and latency."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10000)
        parser.add_argument("--jobs", type=int, default=2, help="Workers for the parallel run.")
        parser.add_argument("--json", help="Also write the figures to this JSON file.")
        parser.add_argument("--workdir", help="Scratch folder (default: a new temporary folder).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
        parser.add_argument(
            "--hugo", action="store_true", help="Also time hugo on the same entries (needs hugo)."
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Run the edited/added/renamed incremental exports each in a new process.",
        )
        parser.add_argument(
            "--requests", type=int, default=200, help="Requests per live page (default 200)."
        )
        parser.add_argument("--inner", action="store_true", help="Internal: run in the scratch DB.")

    def handle(self, *args, entries: int, jobs: int, workdir: str | None, keep: bool, **options):
        if entries < 10:
            raise CommandError("--entries must be at least 10.")
        if options["requests"] < 2:
            raise CommandError("--requests must be at least 2 (p95 needs several).")
        bench = devtools.load("bench.run", "bench")
        hugo = shutil.which("hugo") if options["hugo"] else None
        if options["hugo"] and hugo is None:
            raise CommandError(devtools.load("bench.hugo", "bench").HUGO_MISSING)
        if options["inner"]:
            self.measure(bench, entries, jobs, Path(workdir), options, hugo)
            return
        scratch = Path(workdir or tempfile.mkdtemp(prefix="digest-bench-"))
        scratch.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(scratch / "static"),
            "DJANGO_MEDIA_ROOT": str(scratch / "media"),
            "CMS_SITE_URL": BENCH_SITE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-not-secret",
            "DJANGO_ALLOWED_HOSTS": "testserver,bench.example.org",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", "--inner"]
        command += ["--entries", str(entries), "--jobs", str(jobs), "--workdir", str(scratch)]
        if options["json"]:
            command += ["--json", str(Path(options["json"]).absolute())]
        if hugo:
            command.append("--hugo")
        if options["fresh"]:
            command.append("--fresh")
        command += ["--requests", str(options["requests"])]
        try:
            subprocess.run(command, env=env, check=True)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"The benchmark failed (exit {error.returncode}).") from error
        finally:
            if not keep:
                shutil.rmtree(scratch, ignore_errors=True)

    def measure(
        self,
        bench: ModuleType,
        entries: int,
        jobs: int,
        scratch: Path,
        options: dict,
        hugo: str | None,
    ):
        database = Path(settings.DATABASES["default"]["NAME"]).resolve()
        if not database.is_relative_to(scratch.resolve()):
            raise CommandError(f"Refusing to benchmark against {database}; run without --inner.")
        call_command("migrate", verbosity=0)
        collect_static()
        try:
            report = bench.run_benchmark(
                entries,
                jobs,
                scratch,
                requests=options["requests"],
                progress=self.stderr.write,
                hugo=hugo,
                fresh=options["fresh"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.table())
        if json_path := options["json"]:
            Path(json_path).write_text(json.dumps(report.as_dict(), indent=1) + "\n")
            self.stdout.write(f"Figures written to {json_path}")

"""``manage.py loadtest``: gunicorn with 2 workers on 127.0.0.1, readers and editors, nothing lost.

The work is ``devtools.loadtest.run_loadtest`` (a checkout's development
tools): it never touches the project's database, serving a scratch copy of
the demo site with production settings.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.management import devtools


class Command(BaseCommand):
    help = (
        "Start gunicorn (2 workers) on a scratch copy of the demo site and mix page, feed and "
        "API reads with admin saves; report errors, lost saves and latency percentiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20, help="Run time (default 20).")
        parser.add_argument(
            "--requests", type=int, default=5000, help="Stop after this many requests."
        )
        parser.add_argument("--readers", type=int, default=4, help="Reader threads (default 4).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
        parser.add_argument("--workdir", help="Scratch folder (default: a new temporary folder).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")

    def handle(self, *args, **options):
        loadtest = devtools.load("loadtest", "loadtest")

        def step(message: str) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"{message}…")

        try:
            result = loadtest.run_loadtest(
                seconds=options["seconds"],
                max_requests=options["requests"],
                readers=options["readers"],
                workers=options["workers"],
                workdir=Path(options["workdir"]) if options["workdir"] else None,
                keep=options["keep"],
                step=step,
            )
        except (loadtest.ScratchSiteError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        for line in result.lines():
            self.stdout.write(line)
        if result.failed:
            raise CommandError("The load test failed: see the errors above.")

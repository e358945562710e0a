"""``python manage.py export``: the public site as static files, verified, swapped in whole."""

import atexit
import os
import sys
import threading
from contextlib import contextmanager

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cms.absolute import site_url
from cms.exceptions import ExportError
from cms.webhooks.tasks import announce_export

PLAIN_PROGRESS_EVERY = 100
# The system checks that guard what is exported: the site's own settings (compatibility,
# translation), templates, static files, URLs, caches and security headers. The model,
# admin, migration-command and login checks guard the editing side; they were about 40 of
# the 47 ms the checks cost a planned export (docs/benchmarks.md).
OUTPUT_CHECKS = [
    Tags.compatibility,
    Tags.translation,
    Tags.templates,
    Tags.staticfiles,
    Tags.urls,
    Tags.caches,
    Tags.security,
]


class Command(BaseCommand):
    requires_system_checks = OUTPUT_CHECKS
    help = (
        "Render the public site into a folder of static files (default _site/), following "
        "every internal link, and replace the previous output only if every link answered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="_site", help="Folder to write (default _site).")
        parser.add_argument(
            "--base-url",
            help="Public address of the copy, e.g. https://example.org/digest/ "
            "(default CMS_SITE_URL).",
        )
        parser.add_argument("--jobs", type=int, default=1, help="Worker processes (default 1).")
        parser.add_argument(
            "--incremental", action="store_true", help="Reuse the previous output if unchanged."
        )
        parser.add_argument(
            "--relative",
            action="store_true",
            help="Make same-site links relative, so the copy works from any folder or disk.",
        )
        parser.add_argument(
            "--allow-broken",
            action="store_true",
            help="Publish the output and exit 0 even when internal links are broken.",
        )
        parser.add_argument(
            "--no-search",
            action="store_true",
            help="Skip building the static search index (Pagefind).",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Export nothing: re-hash every file of the output against its manifest and "
            "fail naming the files that differ.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless it fails.")

    def run_from_argv(self, argv):
        """Run the export, then end the process without Python's teardown.

        From the command line the export is the process's last act, and the
        teardown (a last full collection and freeing every object and module,
        for memory the operating system takes back anyway) was about 140 ms of
        a 1.3 s incremental export at 10,000 entries (issue 20). The exit
        handlers still run (logging's flush among them), the output is flushed
        and the database connections are closed, so PostgreSQL sees the client
        leave rather than vanish. A failure (``CommandError`` ends in
        ``sys.exit``), or another thread still running, ends the process the
        usual way; ``call_command`` does not come through here.
        """
        super().run_from_argv(argv)
        if threading.active_count() == 1:
            connections.close_all()
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

    def handle(self, *args, **options):
        # Imported here, so ``export --help`` and Django's listing of commands do not load
        # the export and what it imports (a quarter of a second).
        from cms.export import export_site
        from cms.export.static import collect_static

        quiet = options["quiet"] or options["verbosity"] == 0
        if options["verify"]:
            self.verify(options["output"], quiet)
            return
        collect_static()
        with self.progress(quiet) as progress:
            try:
                result = export_site(
                    options["output"],
                    base_url=options["base_url"],
                    jobs=options["jobs"],
                    incremental=options["incremental"],
                    relative=options["relative"],
                    allow_broken=options["allow_broken"],
                    search=not options["no_search"],
                    progress=progress,
                )
            except ExportError as error:
                raise CommandError(str(error)) from error
        if result.published:
            announce_export(result, options["base_url"] or site_url())
        for link in result.broken:
            self.stderr.write(f"Broken: {link.describe()}")
        if not quiet or not result.ok:
            self.stdout.write(result.summary())
        if not result.ok and not options["allow_broken"]:
            raise CommandError(
                f"{len(result.broken)} internal links are broken (listed above); fix them or "
                "pass --allow-broken. The previous output was left as it was."
            )

    def verify(self, output: str, quiet: bool) -> None:
        from cms.export.verify import verify_output

        try:
            result = verify_output(output)
        except ExportError as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            raise CommandError(result.describe())
        if not quiet:
            self.stdout.write(result.describe())

    @contextmanager
    def progress(self, quiet: bool):
        """A tqdm bar on a terminal, a plain line every 100 URLs otherwise, nothing when quiet."""
        if quiet:
            yield None
            return
        if sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0
            bar = tqdm(total=0, unit="url", desc="Exporting", file=sys.stderr, leave=False)

            def update(done: int, total: int, path: str) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                yield update
            finally:
                bar.close()
            return

        def report(done: int, total: int, path: str) -> None:
            if done % PLAIN_PROGRESS_EVERY == 0:
                self.stdout.write(f"{done} of {total} URLs found so far exported")

        yield report

"""``manage.py publish TARGET``: export, then send what changed to a bucket, branch or folder."""

import json
import sys
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import PublishError
from cms.publish import publish_site
from cms.publish.watch import watch

PLAIN_PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Export the site (or take --source) and publish it to s3://BUCKET[/PREFIX], "
        "git+URL#BRANCH or a folder, sending only files whose content changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="s3://BUCKET[/PREFIX], git+URL#BRANCH or a folder.")
        parser.add_argument("--source", help="Publish this existing export instead of exporting.")
        parser.add_argument("--output", default="_site", help="Where to export (default _site).")
        parser.add_argument("--base-url", help="Public address of the copy (default CMS_SITE_URL).")
        parser.add_argument("--cname", help="Custom domain for GitHub Pages (git targets).")
        parser.add_argument("--dry-run", action="store_true", help="List changes; change nothing.")
        parser.add_argument("--json", metavar="FILE", help="Write the counts as JSON to FILE.")
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless it fails.")
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Keep running; publish after changes and at publish_at.",
        )
        parser.add_argument(
            "--debounce", type=float, default=30.0,
            help="With --watch: seconds without further changes before publishing (default 30).",
        )  # fmt: skip
        parser.add_argument(
            "--poll",
            type=float,
            default=5.0,
            help="With --watch: seconds between checks (default 5).",
        )

    def handle(self, *args, **options):
        quiet = options["quiet"] or options["verbosity"] == 0
        if options["watch"]:
            if options["dry_run"] or options["source"]:
                raise CommandError(
                    "--watch exports and publishes: leave out --dry-run and --source."
                )
            watch(
                lambda: self.publish_once(options, quiet=True).summary(),
                debounce=options["debounce"],
                poll=options["poll"],
                report=self.stdout.write,
            )
            return
        result = self.publish_once(options, quiet=quiet)
        if options["dry_run"] and not quiet:
            for line in result.changes:
                self.stdout.write(line)
        if not quiet:
            self.stdout.write(result.summary())

    def publish_once(self, options, *, quiet: bool):
        with (
            self.progress(quiet, "Exporting", "URLs exported") as export_progress,
            self.progress(quiet, "Publishing", "changes made") as progress,
        ):
            try:
                result = publish_site(
                    options["target"],
                    source=options["source"],
                    output=options["output"],
                    base_url=options["base_url"],
                    cname=options["cname"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    export_progress=export_progress,
                )
            except PublishError as error:
                raise CommandError(str(error)) from error
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(result.as_json(), indent=2) + "\n")
        return result

    @contextmanager
    def progress(self, quiet: bool, title: str, done_text: str):
        """A tqdm bar on a terminal (made at the first report), a line every 100 otherwise."""
        if quiet:
            yield None
            return
        bars = []

        def update(done: int, total: int, path: str) -> None:
            if not bars:
                from tqdm import tqdm

                bars.append(tqdm(total=total, desc=title, file=sys.stderr, leave=False))
            bars[0].total = total
            bars[0].update(done - bars[0].n)

        def report(done: int, total: int, path: str) -> None:
            if done % PLAIN_PROGRESS_EVERY == 0:
                self.stdout.write(f"{done} of {total} {done_text}")

        try:
            yield update if sys.stderr.isatty() else report
        finally:
            for bar in bars:
                bar.close()

"""What the import commands share: options, the progress bar, the report and the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import CMSError
from cms.importers.base import Progress
from cms.importers.report import ImportResult, write_json_report
from cms.publishing import Status


class ImportCommand(BaseCommand):
    """Subclasses set ``help`` and ``source_help`` and implement ``run``.

    ``run(options, progress)`` returns the run's ``ImportResult``. The
    report's lines go to standard output: at verbosity 1 every item that was
    skipped, left something out or has a note, at 2 every item; then the
    summary line. ``--json FILE`` writes the whole report, or the error.
    """

    source_help = ""

    def add_arguments(self, parser) -> None:
        self.add_source_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created, updated or skipped, and save nothing.",
        )
        parser.add_argument(
            "--status",
            choices=Status.values,
            default=Status.DRAFT,
            help="Status of new entries (default: draft). Existing entries keep theirs.",
        )
        parser.add_argument(
            "--json",
            metavar="FILE",
            dest="json_report",
            help="Also write the report (every item, every field not kept) as JSON to FILE.",
        )

    def add_source_arguments(self, parser) -> None:
        parser.add_argument("source", help=self.source_help)

    def run(self, options: dict[str, Any], progress: Progress | None) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        try:
            with self.progress(verbosity) as progress:
                result = self.run(options, progress)
        except CMSError as error:
            message = f"{error} Nothing was imported."
            if options.get("json_report"):
                write_json_report(options["json_report"], {"error": message})
            raise CommandError(message) from error
        if options.get("json_report"):
            write_json_report(options["json_report"], result.to_json())
        for item in result.items:
            if verbosity >= 2 or (verbosity >= 1 and (result.dry_run or item.worth_reading)):
                for line in item.lines():
                    self.stdout.write(f"  {line}")
        if verbosity >= 1:
            self.stdout.write(result.summary())

    @contextmanager
    def progress(self, verbosity: int) -> Iterator[Progress | None]:
        """A tqdm bar on a terminal; nothing when the output goes to a file or a pipe."""
        if verbosity < 1 or not sys.stderr.isatty():
            yield None
            return
        from tqdm import tqdm

        bar = tqdm(total=0, unit="item", file=sys.stderr, leave=False)

        def update(done: int, total: int, label: str) -> None:
            bar.total = total
            bar.set_description_str(label[:40])
            bar.update(done - bar.n)

        try:
            yield update
        finally:
            bar.close()

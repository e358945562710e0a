"""What the import commands share: options, the progress bar, the report and the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import CMSError
from cms.importers.base import SKIP, ImportResult, Progress
from cms.publishing import Status


class ImportCommand(BaseCommand):
    """Subclasses set ``help`` and ``source_help`` and implement ``run``."""

    source_help = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help=self.source_help)
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

    def run(self, source: str, **options: Any) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        try:
            with self.progress(verbosity) as progress:
                result = self.run(
                    options["source"],
                    status=options["status"],
                    dry_run=options["dry_run"],
                    progress=progress,
                )
        except CMSError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        for change in result.changes:
            if verbosity >= 2 or (verbosity >= 1 and (result.dry_run or change.action == SKIP)):
                self.stdout.write(f"  {change}")
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

"""``manage.py import_arxiv``: papers from the arXiv API (by id or query) or a saved answer."""

import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cms.importers.arxiv import import_arxiv, import_arxiv_ids, import_arxiv_query
from cms.importers.base import open_source
from cms.importers.command import ImportCommand
from cms.validators import validate_arxiv_id


class Command(ImportCommand):
    help = (
        "Import papers from the arXiv API (--id, or --query with --since) or from a saved "
        "answer (a file, or - for standard input). Importing again updates entries in place; "
        "a newer version of a paper updates its entry."
    )

    def add_source_arguments(self, parser) -> None:
        parser.add_argument(
            "source", nargs="?", help="A saved API answer (Atom XML), or - for standard input."
        )
        parser.add_argument(
            "--id", action="append", default=[], dest="ids", help="An arXiv id; repeat for more."
        )
        parser.add_argument("--query", help='An arXiv API search query, e.g. "cat:cs.CL".')
        parser.add_argument(
            "--since", help="With --query: only papers first published on or after YYYY-MM-DD."
        )
        parser.add_argument(
            "--max", type=int, default=500, help="With --query: at most this many papers."
        )

    def run(self, options, progress):
        common = {"status": options["status"], "dry_run": options["dry_run"], "progress": progress}
        chosen = [bool(options["source"]), bool(options["ids"]), bool(options["query"])]
        if sum(chosen) != 1:
            raise CommandError("Give one of: a FILE, --id ID (repeatable), or --query QUERY.")
        if options["since"] and not options["query"]:
            raise CommandError("--since goes with --query.")
        if options["ids"]:
            return import_arxiv_ids([self.checked_id(i) for i in options["ids"]], **common)
        if options["query"]:
            since = self.checked_date(options["since"]) if options["since"] else None
            return import_arxiv_query(
                options["query"], since=since, limit=max(options["max"], 1), **common
            )
        stream, name = open_source(options["source"])
        with stream:
            return import_arxiv(stream, source=name, **common)

    def checked_id(self, value: str) -> str:
        arxiv_id = value.strip().removeprefix("arXiv:").removeprefix("arxiv:")
        try:
            validate_arxiv_id(re.sub(r"v\d+\Z", "", arxiv_id))
        except ValidationError:
            raise CommandError(
                f"--id {value!r} is not an arXiv id such as 1706.03762 or hep-th/9901001v2."
            ) from None
        return arxiv_id

    def checked_date(self, value: str) -> datetime:
        try:
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            raise CommandError(f"--since {value!r} is not a date such as 2026-12-01.") from None

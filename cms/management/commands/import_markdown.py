"""``python manage.py import_markdown DIR``: a Hugo or Jekyll site's folder of Markdown files."""

from django.core.management.base import CommandError

from cms.importers.bylines import PAPER, TEAM
from cms.importers.command import ImportCommand
from cms.importers.markdown_files import import_markdown


class Command(ImportCommand):
    help = (
        "Import every page of a Hugo or Jekyll site's folder: front matter in YAML or TOML, "
        "bundles, sections, translations (title.zh-hans.md), shortcodes, aliases and the "
        "images pages show. The report lists every file skipped and every field not kept."
    )
    source_help = "The folder, e.g. a Hugo site's content/ or a Jekyll site's root."

    def add_source_arguments(self, parser) -> None:
        super().add_source_arguments(parser)
        parser.add_argument(
            "--authors",
            choices=[TEAM, PAPER],
            default=TEAM,
            help="Front-matter authors are team members (through --author-map) or the "
            "paper's authors (default: team).",
        )
        parser.add_argument(
            "--author-map",
            action="append",
            default=[],
            metavar="NAME=USERNAME",
            help="Put NAME, as front matter writes it, in the byline as USERNAME; repeatable.",
        )

    def run(self, options, progress):
        mapping = {}
        for pair in options["author_map"]:
            name, sep, username = pair.partition("=")
            if not sep or not name.strip() or not username.strip():
                raise CommandError(f"--author-map {pair!r}: write it as NAME=USERNAME.")
            mapping[name.strip()] = username.strip()
        return import_markdown(
            options["source"],
            status=options["status"],
            dry_run=options["dry_run"],
            progress=progress,
            authors=options["authors"],
            author_map=mapping,
        )

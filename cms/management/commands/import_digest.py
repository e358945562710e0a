"""``python manage.py import_digest FILE``: abstracts closed by "translated by <engine>" lines."""

from cms.importers.base import open_source
from cms.importers.command import ImportCommand
from cms.importers.digest import import_digest


class Command(ImportCommand):
    help = (
        "Import a plain-text digest: blocks of abstract text, each closed by a line "
        "“translated by <engine>”. Each block becomes a machine-translated entry in the "
        "language detected from its text."
    )
    source_help = "The digest file (UTF-8), or - for standard input."

    def run(self, options, progress):
        stream, name = open_source(options["source"])
        with stream:
            return import_digest(
                stream,
                source=name,
                status=options["status"],
                dry_run=options["dry_run"],
                progress=progress,
            )

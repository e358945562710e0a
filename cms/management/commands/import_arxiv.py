"""``python manage.py import_arxiv FEED``: papers from an arXiv API Atom feed."""

from cms.importers.arxiv import import_arxiv
from cms.importers.base import open_source
from cms.importers.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import papers from an arXiv API Atom feed (a file, or - for standard input). "
        "Importing again updates entries in place; a newer version of a paper updates its entry."
    )
    source_help = "The feed file, e.g. saved from export.arxiv.org/api/query, or - for stdin."

    def run(self, source, **options):
        stream, name = open_source(source)
        with stream:
            return import_arxiv(stream, source=name, **options)

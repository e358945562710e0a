"""``python manage.py import_markdown DIR``: a Hugo or Jekyll folder of Markdown files."""

from cms.importers.command import ImportCommand
from cms.importers.markdown_files import import_markdown


class Command(ImportCommand):
    help = (
        "Import every Markdown file with front matter under a folder, in the conventions of "
        "Hugo and Jekyll (title.zh-hans.md translations, 2024-01-05-title.md posts)."
    )
    source_help = "The folder, e.g. a Hugo site's content/ or a Jekyll site's root."

    def run(self, options, progress):
        return import_markdown(
            options["source"],
            status=options["status"],
            dry_run=options["dry_run"],
            progress=progress,
        )

"""``python manage.py load_content FILE``: a dump_content file into an empty database."""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import CMSError
from cms.importers.base import open_source
from cms.portability import load_content

# Rows are loaded without signals (as fixtures are), so derived indexes are rebuilt after.
REBUILD_COMMANDS = ("rebuild_search_index",)


class Command(BaseCommand):
    help = (
        "Load a file written by dump_content into an empty database (after migrate), in one "
        "transaction: everything or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by dump_content, or - for stdin.")

    def handle(self, *args, **options):
        try:
            stream, name = open_source(options["file"], limit=None)
            with stream:
                result = load_content(stream, source=name)
        except CMSError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        for command in REBUILD_COMMANDS:
            if command in get_commands():
                call_command(command, verbosity=0)
        if options["verbosity"] >= 1:
            self.stdout.write(result.summary(name))

"""``python manage.py dump_content FILE``: all content to one JSON document."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.portability import dump_content


class Command(BaseCommand):
    help = (
        "Write all content (entries, translations, topics, pages, redirects, revisions, "
        "referenced media paths) to one JSON file, for load_content on another database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to write, or - for standard output.")

    def handle(self, *args, **options):
        data, result = dump_content()
        target = options["file"]
        if target == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = Path(target).absolute()
        try:  # write beside the target and rename, so a failed dump leaves no half file
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError as error:
            raise CommandError(f"{target}: cannot write the file ({error.strerror}).") from error
        if options["verbosity"] >= 1:
            self.stdout.write(result.summary(target))

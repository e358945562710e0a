"""``manage.py translate ENTRY_ID --to LANG [--engine NAME]``: a draft machine translation."""

from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import MTError
from cms.models import Entry
from cms.mt.translate import machine_translate


class Command(BaseCommand):
    help = (
        "Translate an original entry with the machine translation engine (CMS_MT_ENGINE, or "
        "--engine) into a new draft translation. Code, math, URLs and HTML are not sent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("entry_id", type=int, help="The id of the original entry.")
        parser.add_argument("--to", required=True, dest="language", help="A site language.")
        parser.add_argument(
            "--engine",
            help="deepl, google, or libretranslate+http://host:port/ (default: CMS_MT_ENGINE).",
        )

    def handle(self, *args, **options):
        original = Entry.objects.filter(pk=options["entry_id"]).first()
        if original is None:
            raise CommandError(f"There is no entry {options['entry_id']}.")
        try:
            result = machine_translate(original, options["language"], engine=options["engine"])
        except MTError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.summary())

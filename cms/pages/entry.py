"""The entry page kind: ``/<language>/entries/<slug>/`` for every public entry.

``entry_context`` is the one description of what an entry page shows besides
the entry: its other public language versions, the language switcher's
links to them and the hreflang alternates. The live view
(``cms.views.entries.EntryDetailView``) and ``EntryPages`` (rows loaded once,
for the export) both call it.
"""

from collections import defaultdict
from collections.abc import Iterator

from cms.models import Entry
from cms.pages.render import SiteContext

TEMPLATE = "cms/entry_detail.html"


def entry_context(entry: Entry, versions: list[Entry]) -> dict:
    """The entry page's context; ``versions`` are its other public versions, by language."""
    context = {
        "entry": entry,
        "object": entry,
        "other_versions": versions,
        "alternate_urls": {version.language: version.get_absolute_url() for version in versions},
        "canonical_path": entry.get_absolute_url(),
    }
    originals = [version for version in [entry, *versions] if version.pk == entry.original_id]
    if versions:
        original = originals[0] if originals else entry
        context["hreflang_alternates"] = (
            (entry.language, entry.get_absolute_url()),
            *context["alternate_urls"].items(),
            ("x-default", original.get_absolute_url()),
        )
    return context


class EntryPages:
    """Every public entry's page, from one query for the entries and one per relation."""

    def __init__(self, site: SiteContext) -> None:
        self.site = site
        # ``for_listing`` is what cards need (their relations); the entry page
        # also needs the body, which lists defer.
        self.entries = list(
            Entry.objects.published()
            .for_listing()
            .defer(None)
            .select_related("translation_of")
            .order_by("language", "pk")
        )
        families = defaultdict(list)
        for entry in self.entries:
            families[entry.original_id].append(entry)
        self.families = families
        self.newest_first: dict[str, list[Entry]] | None = None

    def versions(self, entry: Entry) -> list[Entry]:
        """``Entry.public_versions`` from the loaded rows: the family but the entry, by language."""
        family = self.families[entry.original_id]
        return sorted((other for other in family if other.pk != entry.pk), key=_language)

    def newest(self, language: str, count: int | None) -> list[Entry]:
        """A language's ``count`` (None: all) newest entries, in the model's order."""
        if self.newest_first is None:
            ordered = sorted(self.entries, key=lambda entry: (entry.publish_at, entry.pk))
            self.newest_first = defaultdict(list)
            for entry in reversed(ordered):
                self.newest_first[entry.language].append(entry)
        return self.newest_first[language][:count]

    def urls(self) -> Iterator[tuple[str, Entry]]:
        for entry in self.entries:
            yield entry.get_absolute_url(), entry

    def render(self, entry: Entry) -> bytes:
        context = entry_context(entry, self.versions(entry))
        return self.site.render(TEMPLATE, context, entry.language)


def _language(entry: Entry) -> str:
    return entry.language

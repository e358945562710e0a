"""The entry page kind: ``/<language>/entries/<slug>/`` for every public entry.

``entry_context`` is the one description of what an entry page shows besides
the entry: its other public language versions, the language switcher's
links to them and the hreflang alternates. The live view
(``cms.views.entries.EntryDetailView``) and ``EntryPages`` (rows loaded once,
for the export) both call it.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings

from cms.models import Entry, Topic
from cms.pages.loading import load_public_entries
from cms.pages.render import SiteContext
from cms.publishing import has_author_page

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
    """Every public entry's page, from the entries loaded once (``load_public_entries``)."""

    def __init__(self, site: SiteContext) -> None:
        self.site = site
        self.all_topics = {topic.pk: topic for topic in Topic.objects.all()}
        self.entries = load_public_entries(self.all_topics)
        families = defaultdict(list)
        for entry in self.entries:
            families[entry.original_id].append(entry)
        self.families = families
        self.newest_first: dict[str, list[Entry]] | None = None
        self.languages_of_topics: dict[int, set[str]] | None = None
        self.grouped: dict[tuple[str, str], list[tuple]] = {}

    def versions(self, entry: Entry) -> list[Entry]:
        """``Entry.public_versions`` from the loaded rows: the family but the entry, by language."""
        family = self.families[entry.original_id]
        return sorted((other for other in family if other.pk != entry.pk), key=_language)

    def newest(self, language: str, count: int | None) -> list[Entry]:
        """A language's ``count`` (None: all) newest entries, in the model's order."""
        if self.newest_first is None:
            self.newest_first = defaultdict(list)
            for entry in sorted(self.entries, key=newest_first):
                self.newest_first[entry.language].append(entry)
        return self.newest_first[language][:count]

    def topics(self, entry: Entry) -> list:
        """The entry's topics, the list ``cms.pages.loading`` attached: what ``.all()``
        answers, without building a related manager per entry to ask for it."""
        return entry._prefetched_objects_cache["topics"]

    def authors(self, entry: Entry) -> list:
        """The entry's byline, as ``topics``."""
        return entry._prefetched_objects_cache["authors"]

    def topics_in(self, language: str) -> list[tuple]:
        """Each topic of the language's public entries with its entries, newest first."""
        return self.grouped_once("topics", language, self.topics)

    def authors_in(self, language: str) -> list[tuple]:
        """Each team author with a page in the language, with the entries that credit them
        newest first. The rule is ``cms.publishing.has_author_page``, which answers from a
        public entry of the language that credits the author without a query."""

        def with_page(entry: Entry) -> list:
            return [
                author
                for author in self.authors(entry)
                if has_author_page(author, language, credited_on=entry)
            ]

        return self.grouped_once("authors", language, with_page)

    def grouped_once(self, kind: str, language: str, members) -> list[tuple]:
        """``_grouped`` over the language's entries, worked out once per export: lists,
        indexes, feeds and the API all ask for the same groups."""
        key = (kind, language)
        if key not in self.grouped:
            self.grouped[key] = _grouped(self.newest(language, None), members)
        return self.grouped[key]

    def topic_languages(self, topic_pk: int) -> list[str]:
        """The languages in which the topic has public entries, in the site's order."""
        if self.languages_of_topics is None:
            self.languages_of_topics = defaultdict(set)
            for entry in self.entries:
                for topic in self.topics(entry):
                    self.languages_of_topics[topic.pk].add(entry.language)
        found = self.languages_of_topics[topic_pk]
        return [code for code, _name in settings.LANGUAGES if code in found]

    def urls(self) -> Iterator[tuple[str, Entry]]:
        for entry in self.entries:
            yield entry.get_absolute_url(), entry

    def render(self, entry: Entry) -> bytes:
        context = entry_context(entry, self.versions(entry))
        return self.site.render(TEMPLATE, context, entry.language)


def newest_first(entry: Entry) -> tuple:
    """The sort key of ``Entry``'s own order, newest first: ``-publish_at``, then ``-id``."""
    return (-entry.publish_at.timestamp(), -entry.pk)


def _language(entry: Entry) -> str:
    return entry.language


def _grouped(newest: list[Entry], members) -> list[tuple]:
    """Each object ``members(entry)`` names, with its entries newest first, by primary key."""
    found, entries = {}, defaultdict(list)
    for entry in newest:
        for member in members(entry):
            found[member.pk] = member
            entries[member.pk].append(entry)
    return [(found[pk], entries[pk]) for pk in sorted(found)]

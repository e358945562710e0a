"""API list document kinds: every page of the entry lists, from entries loaded once.

The lists are the entries in every language (``/api/v1/entries.json``), in
one language, of one topic and of one team author in one language, each
paginated by path from the oldest entry (``cms.api.pagination``). An
entry's summary is the same dict on every list it appears on, so it is
serialised once per export (``summary``) instead of once per list page; the live views
(``cms.api.entries``, ``cms.api.taxonomy``) build the same dicts
(``cms.api.documents``) and ``tests/test_pages.py`` holds the two to the same bytes.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from rest_framework.renderers import JSONRenderer

from cms.api.documents import SummaryParts, author_document, entry_summary, topic_document
from cms.api.pagination import (
    api_depth_of,
    api_page,
    numbered_api_pages,
    page_fields,
    page_link,
)
from cms.conf import conf
from cms.models import Entry
from cms.pages import collections
from cms.pages.entry import EntryPages, newest_first
from cms.provenance import provenance_key
from cms.public_urls import api_page_path
from cms.publishing import has_author_page
from cms.views.pagination import ListPage


@dataclass(frozen=True)
class ApiEntryList:
    """One list: its route, the route's arguments, what comes before the page fields, its
    entries newest first, and the rows its head shows (for the export's input digests)."""

    url_name: str
    url_kwargs: dict
    head: Callable[[], dict]
    entries: list[Entry]
    shows: tuple = ()
    collection: str = ""


class ApiListPages:
    """Every page of every API entry list."""

    def __init__(self, entries: EntryPages) -> None:
        self.entries = entries
        self.size = conf.CMS_API_PAGE_SIZE
        self.summaries: dict[int, dict] = {}
        self.parts: dict[tuple, dict] = {}
        self.shared = SharedParts()

    def lists(self) -> Iterator[ApiEntryList]:
        everything = sorted(self.entries.entries, key=newest_first)
        yield ApiEntryList("api-all-entries", {}, dict, everything, (), collections.ALL)
        for language, _name in settings.LANGUAGES:
            newest = self.entries.newest(language, None)
            yield ApiEntryList(
                "api-entry-list",
                {"language": language},
                dict,
                newest,
                (),
                collections.language(language),
            )
            yield from self.topic_lists(language)
            yield from self.author_lists(language)

    def topic_lists(self, language: str) -> Iterator[ApiEntryList]:
        for topic, entries in self.entries.topics_in(language):
            yield ApiEntryList(
                "api-topic-detail",
                {"language": language, "slug": topic.slug},
                lambda topic=topic: {"topic": topic_document(topic, language)},
                entries,
                (("cms_topic", topic.pk),),
                collections.topic(language, topic.pk),
            )

    def author_lists(self, language: str) -> Iterator[ApiEntryList]:
        for author, entries in self.entries.authors_in(language):
            yield ApiEntryList(
                "api-author-detail",
                {"language": language, "username": author.get_username()},
                lambda author=author: {
                    "author": author_document(author, language, known_public=True)
                },
                entries,
                (("auth_user", author.pk),),
                collections.author(language, author.pk),
            )

    def urls(self) -> Iterator[tuple[str, tuple[ApiEntryList, int | None]]]:
        for entry_list in self.lists():
            kwargs = entry_list.url_kwargs
            yield api_page_path(entry_list.url_name, kwargs, None), (entry_list, None)
            for number in range(1, numbered_api_pages(len(entry_list.entries), self.size) + 1):
                yield api_page_path(entry_list.url_name, kwargs, number), (entry_list, number)

    def page(self, key: tuple[ApiEntryList, int | None]) -> tuple[ListPage, list[Entry]]:
        """The page ``key`` names, and the entries it shows."""
        entry_list, number = key
        page = api_page(len(entry_list.entries), self.size, number)
        return page, entry_list.entries[page.start : page.stop]

    def depth(self, page: ListPage) -> int:
        """How many of its list's oldest entries a numbered page depends on."""
        return api_depth_of(page.number, self.size)

    def summary(self, entry: Entry) -> dict:
        """The entry's summary, as every list shows it (it does not depend on the list) and
        its API document begins; built once per export, when a page that shows it renders,
        so an incremental export builds only the summaries of the pages it renders."""
        found = self.summaries.get(entry.pk)
        if found is None:
            topics, authors = self.entries.topics(entry), self.entries.authors(entry)
            found = self.summaries[entry.pk] = self.share_translation(
                entry_summary(entry, topics, authors, parts=self.shared)
            )
        return found

    def share_translation(self, summary: dict) -> dict:
        """The summary with its translation block replaced by the equal dict an earlier
        summary holds: a few kinds of translation are most of what ten thousand show."""
        summary["translation"] = self.one_copy(summary["translation"])
        return summary

    def one_copy(self, part: dict) -> dict:
        return self.parts.setdefault(tuple(part.items()), part)

    def summaries_of(self, entries: list[Entry]) -> list[dict]:
        return [self.summary(entry) for entry in entries]

    def document(self, key: tuple[ApiEntryList, int | None]) -> dict:
        entry_list = key[0]
        page, shown = self.page(key)

        def link(number: int) -> str:
            return page_link(entry_list.url_name, entry_list.url_kwargs, number)

        return {
            **entry_list.head(),
            **page_fields(page, len(entry_list.entries), self.size, link),
            "results": self.summaries_of(shown),
        }

    def render(self, key: tuple[ApiEntryList, int | None]) -> bytes:
        return JSONRenderer().render(self.document(key))


class SharedParts(SummaryParts):
    """Each block that summaries share, built once per export.

    Ten thousand summaries show a dozen topics, a few authors and a few
    provenance lines, each block with its URLs (and the line through
    ``translation.override`` and pangu). It lives as long as the
    ``ApiListPages`` of one export, whose rows do not change while it runs,
    and is keyed by everything each block is built from.
    """

    def __init__(self) -> None:
        self.built: dict[tuple, dict | str] = {}

    def once(self, key: tuple, build: Callable[[], dict | str]) -> dict | str:
        found = self.built.get(key)
        if found is None:
            found = self.built[key] = build()
        return found

    def topic(self, topic, language: str) -> dict:
        return self.once(
            ("topic", topic.pk, language), lambda: super(SharedParts, self).topic(topic, language)
        )

    def author(self, user, entry: Entry) -> dict:
        """The byline block; whether it links depends on the entry only through
        ``has_author_page``, which a public entry answers without a query."""
        linked = has_author_page(user, entry.language, credited_on=entry)
        key = ("author", user.pk, entry.language, linked)
        return self.once(key, lambda: super(SharedParts, self).author(user, entry))

    def line(self, entry: Entry) -> str:
        return self.once(
            ("line", *provenance_key(entry)), lambda: super(SharedParts, self).line(entry)
        )

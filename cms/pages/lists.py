"""List page kinds: every paginated list of entries, from the entries loaded once.

The lists are each language's home (``/en/``), its topics, its team authors
and its archive years and months, each with its numbered pages
(``/en/p/<n>/``, numbered from the oldest entry). ``pagination_context`` is
what every list template gets about its page; the live
``PathPaginationMixin`` views and ``EntryListPages`` both call it, and
``tests/test_pages.py`` holds the two to the same bytes.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone, translation

from cms.models import Entry
from cms.pages import collections
from cms.pages.entry import EntryPages, newest_first
from cms.public_urls import list_page_path
from cms.sitemaps import home_alternates, topic_alternates
from cms.views.pagination import (
    FRONT,
    depth_of,
    legacy_page_paths_of,
    list_page,
    numbered_pages,
    pagination_context,
)

TEMPLATE = "cms/entry_list.html"


@dataclass(frozen=True)
class EntryList:
    """One paginated list: its route and arguments, template, entries newest first, and what
    its template shows besides them (``context``, and ``front`` on its front only); which
    collection of entries it is and which groups its front's extras depend on
    (``cms.pages.collections``)."""

    url_name: str
    kwargs: dict
    language: str
    template: str
    entries: list[Entry]
    context: dict = field(default_factory=dict)
    front: dict = field(default_factory=dict)
    shows: tuple = ()
    collection: str = ""
    front_groups: tuple = ()

    def url(self, number: int) -> str:
        """The list's front (``FRONT``) or numbered page, in its language (or the active one)."""
        front = number == FRONT
        return list_page_path(
            self.url_name, self.language or None, self.kwargs, None if front else number
        )


def entry_list_url(number: int) -> str:
    """The language home (``FRONT``) or its numbered page, in the active language."""
    return EntryList("entry-list", {}, "", TEMPLATE, []).url(number)


class EntryListPages:
    """Every page of every public list of entries, in every language."""

    def __init__(self, entries: EntryPages) -> None:
        self.entries = entries
        self.size = settings.CMS_ENTRIES_PER_PAGE
        self.lists = [
            entry_list
            for language, _name in settings.LANGUAGES
            for entry_list in self.lists_in(language)
        ]

    def lists_in(self, language: str) -> Iterator[EntryList]:
        newest = self.entries.newest(language, None)
        with translation.override(language):
            alternates = home_alternates()
        yield EntryList(
            "entry-list",
            {},
            language,
            TEMPLATE,
            newest,
            front={"hreflang_alternates": alternates},
            collection=collections.language(language),
        )
        yield from self.topic_lists(language, newest)
        yield from self.author_lists(language, newest)
        yield from self.archive_lists(language, newest)

    def topic_lists(self, language: str, newest: list[Entry]) -> Iterator[EntryList]:
        for topic, entries in self.entries.topics_in(language):
            with translation.override(language):
                languages = self.entries.topic_languages(topic.pk)
                alternates = topic_alternates(topic, languages)
            yield EntryList(
                "topic-detail",
                {"slug": topic.slug},
                language,
                "cms/topic_detail.html",
                entries,
                {"topic": topic},
                {"hreflang_alternates": alternates},
                (("cms_topic", topic.pk),),
                collections.topic(language, topic.pk),
                (collections.topic_group(topic.pk),),
            )

    def author_lists(self, language: str, newest: list[Entry]) -> Iterator[EntryList]:
        for author, entries in self.entries.authors_in(language):
            yield EntryList(
                "author-detail",
                {"username": author.get_username()},
                language,
                "cms/author_detail.html",
                entries,
                {"author": author},
                shows=(("auth_user", author.pk),),
                collection=collections.author(language, author.pk),
            )

    def archive_lists(self, language: str, newest: list[Entry]) -> Iterator[EntryList]:
        template = "cms/archive_period.html"
        months: dict[tuple[int, int], list[Entry]] = {}
        zone = timezone.get_current_timezone()
        for entry in newest:
            local = timezone.localtime(entry.publish_at, zone)
            months.setdefault((local.year, local.month), []).append(entry)
        years: dict[int, list[Entry]] = {}
        for (year, month), entries in sorted(months.items()):
            years.setdefault(year, []).extend(entries)
            context = {"period": date(year, month, 1), "period_format": "YEAR_MONTH_FORMAT"}
            kwargs = {"year": year, "month": month}
            collection = collections.month(language, year, month)
            yield EntryList(
                "archive-month", kwargs, language, template, entries, context, collection=collection
            )
        for year, entries in years.items():
            entries.sort(key=newest_first)
            context = {"period": date(year, 1, 1), "period_format": "Y"}
            collection = collections.year(language, year)
            yield EntryList(
                "archive-year",
                {"year": year},
                language,
                template,
                entries,
                context,
                collection=collection,
            )

    def urls(self) -> Iterator[tuple[str, tuple[EntryList, int | None]]]:
        for entry_list in self.lists:
            with translation.override(entry_list.language):
                yield entry_list.url(FRONT), (entry_list, None)
                for number in range(1, numbered_pages(len(entry_list.entries), self.size) + 1):
                    yield entry_list.url(number), (entry_list, number)

    def legacy_redirects(self) -> Iterator[tuple[str, str]]:
        """Each list's old ``…/page/<n>/`` URLs (n ≥ 2) and the front they redirect to."""
        for entry_list in self.lists:
            with translation.override(entry_list.language):
                front = entry_list.url(FRONT)
            count, language = len(entry_list.entries), entry_list.language
            for path in legacy_page_paths_of(
                entry_list.url_name, language, entry_list.kwargs, count, self.size
            ):
                yield path, front

    def page(self, key: tuple[EntryList, int | None]):
        """The page ``key`` names, and the entries it shows."""
        entry_list, number = key
        page = list_page(len(entry_list.entries), self.size, number)
        return page, entry_list.entries[page.start : page.stop]

    def depth(self, page) -> int:
        """How many of its list's oldest entries a numbered page depends on."""
        return depth_of(page.number, self.size)

    def render(self, key: tuple[EntryList, int | None]) -> bytes:
        entry_list = key[0]
        page, shown = self.page(key)
        with translation.override(entry_list.language):
            context = {
                **entry_list.context,
                "entries": shown,
                "object_list": shown,
                "page_obj": page,
                "paginator": None,
                "is_paginated": page.has_other_pages,
                **pagination_context(page, entry_list.url),
            }
            if page.is_front:
                context.update(entry_list.front)
        return self.entries.site.render(entry_list.template, context, entry_list.language)

"""Sitemaps: an index at ``/sitemap.xml`` and the sitemaps of each language, in pages.

Built on Django's sitemaps framework from public content only. Locations are
absolute against ``CMS_SITE_URL`` (never the request's host), and every
entry lists its other public language versions as hreflang alternates, with
``x-default`` pointing at the original.

A language's entries are listed ``CMS_SITEMAP_PAGE_SIZE`` at a time in the
order they were created: ``/sitemap-en.xml`` holds the first page (and the
language's home, topics and pages), ``/sitemap-en-page-2.xml`` the next.
The sitemap protocol allows 50,000 locations per file, and an edited entry
changes one page, so an incremental export re-renders that page only.

What one page lists is a ``SitemapContent``. ``live_content`` fills it from a
few queries for the live views; ``cms.pages.sitemaps`` fills it from the rows
the export loaded and renders both through the same functions.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.conf import settings

from cms.languages import default_language
from cms.models import Entry, Page, Topic
from cms.public_urls import entry_path, public_path


@dataclass(frozen=True)
class Location:
    path: str
    lastmod: datetime | None = None
    alternates: tuple[tuple[str, str], ...] = field(default=())


class ListedEntry(NamedTuple):
    """An entry as the live sitemap lists it, read as values: a page reads a thousand entries
    and their families, and model instances cost twice the query. The export hands
    ``SitemapContent`` its loaded entries instead; both answer what ``entry_locations`` asks."""

    pk: int
    language: str
    slug: str
    translation_of_id: int | None
    updated_at: datetime | None = None

    @property
    def original_id(self) -> int:
        return self.translation_of_id or self.pk

    def get_absolute_url(self) -> str:
        return entry_path(self.language, self.slug)


Listed = Entry | ListedEntry


@dataclass(frozen=True)
class SitemapContent:
    """What one page of a language's sitemap lists.

    Every page: its ``entries`` (public, in the language, by id) and ``families``,
    each entry's public language versions by language then id, keyed by the
    original's id. The first page also: ``topics``, the topics public entries of
    the language carry, each with the languages that have it (``topic_languages``),
    and ``pages``, the language's public pages. It lists topics by slug and pages
    in navigation order then by slug, sorted here rather than by the database, whose
    collation may order slugs differently from one backend to the next.
    """

    language: str
    page: int
    entries: list[Listed]
    families: dict[int, list[Listed]]
    topics: list[tuple[Topic, list[str]]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def locations(self) -> list[Location]:
        others = []
        if self.page == 1:
            front_door = [front_door_location()] if self.language == default_language() else []
            others = [
                *front_door,
                home_location(self.language),
                *topic_locations(self.language, sorted(self.topics, key=_topic_slug)),
                *(
                    Location(page.get_absolute_url(), page.updated_at)
                    for page in sorted(self.pages, key=_navigation_order)
                ),
            ]
        return [*others, *entry_locations(self.entries, self.families)]


def _topic_slug(pair: tuple[Topic, list[str]]) -> str:
    return pair[0].slug


def _navigation_order(page: Page) -> tuple:
    return (page.nav_order, page.slug)


def page_count(entries: int) -> int:
    """How many pages a sitemap of ``entries`` entries has; the first exists even with none."""
    return max(1, -(-entries // settings.CMS_SITEMAP_PAGE_SIZE))


def entry_locations(entries: list[Listed], families: dict[int, list[Listed]]) -> list[Location]:
    """Each entry, with its family as hreflang alternates when it has other public versions."""
    locations = []
    for entry in entries:
        family = families.get(entry.original_id, [])
        alternates: tuple[tuple[str, str], ...] = ()
        if len(family) > 1:
            original = next((m for m in family if m.pk == entry.original_id), family[0])
            alternates = tuple((m.language, m.get_absolute_url()) for m in family) + (
                ("x-default", original.get_absolute_url()),
            )
        locations.append(Location(entry.get_absolute_url(), entry.updated_at, alternates))
    return locations


def per_language(view_name: str, **kwargs) -> dict[str, str]:
    return {code: public_path(view_name, code, **kwargs) for code, _name in settings.LANGUAGES}


def home_alternates() -> tuple[tuple[str, str], ...]:
    """Each language's home, and ``/`` (the front door) as x-default."""
    homes = per_language("cms:entry-list")
    return (*homes.items(), ("x-default", public_path("home")))


def home_location(language: str) -> Location:
    return Location(per_language("cms:entry-list")[language], None, home_alternates())


def front_door_location() -> Location:
    """``/``, listed once (in the default language's sitemap) as the x-default of the homes."""
    return Location(public_path("home"), None, home_alternates())


def topic_languages(topic_ids) -> dict[int, list[str]]:
    """The languages in which each topic has public entries, in the site's language order.

    Without an ordering, so that ``DISTINCT`` is over the pairs alone: the entries' default
    ordering would add its columns, and every entry of the topics would come back.
    """
    found = set(
        Entry.objects.published()
        .filter(topics__in=topic_ids)
        .values_list("topics", "language")
        .order_by()
        .distinct()
    )
    return {
        topic_id: [code for code, _name in settings.LANGUAGES if (topic_id, code) in found]
        for topic_id in topic_ids
    }


def topic_alternates(topic: Topic, languages: list[str]) -> tuple[tuple[str, str], ...]:
    """The topic's page in each language that has it, or nothing when only one has it."""
    if len(languages) < 2:
        return ()
    paths = [(code, topic.get_absolute_url(code)) for code in languages]
    default = dict(paths).get(default_language(), paths[0][1])
    return (*paths, ("x-default", default))


def topic_locations(language: str, topics: list[tuple[Topic, list[str]]]) -> list[Location]:
    return [
        Location(topic.get_absolute_url(language), None, topic_alternates(topic, languages))
        for topic, languages in topics
    ]


def public_entries(language: str):
    return Entry.objects.published().filter(language=language).order_by("id")


def live_page_count(language: str) -> int:
    """How many pages the language's sitemap has now, in one query."""
    return page_count(public_entries(language).count())


def live_content(language: str, page: int = 1) -> SitemapContent:
    """One page of the language's sitemap from the database (one query per kind of row)."""
    size = settings.CMS_SITEMAP_PAGE_SIZE
    fields = ("pk", "language", "slug", "translation_of_id")
    rows = public_entries(language).values_list(*fields, "updated_at")
    entries = [ListedEntry(*row) for row in rows[(page - 1) * size : page * size]]
    families: dict[int, list[ListedEntry]] = {}
    for row in (
        Entry.objects.published()
        .families({entry.original_id for entry in entries})
        .values_list(*fields)
        .order_by("language", "id")
    ):
        member = ListedEntry(*row)
        families.setdefault(member.original_id, []).append(member)
    if page != 1:
        return SitemapContent(language, page, entries, families)
    topics = list(Topic.objects.with_public_entries(language))
    languages = topic_languages([topic.pk for topic in topics])
    pages = Page.objects.public().filter(language=language)
    return SitemapContent(
        language,
        page,
        entries,
        families,
        [(topic, languages[topic.pk]) for topic in topics],
        list(pages),
    )

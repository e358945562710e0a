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
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from cms.absolute import absolute_url, site_url
from cms.languages import default_language
from cms.models import Entry, Page, Topic


@dataclass(frozen=True)
class Location:
    path: str
    lastmod: datetime | None = None
    alternates: tuple[tuple[str, str], ...] = field(default=())


def public_entries(language: str):
    return Entry.objects.published().filter(language=language).order_by("id")


def page_count(language: str) -> int:
    """How many pages the language's sitemap has; the first exists even with no entry."""
    return max(1, -(-public_entries(language).count() // settings.CMS_SITEMAP_PAGE_SIZE))


def entry_locations(language: str, page: int = 1) -> list[Location]:
    size = settings.CMS_SITEMAP_PAGE_SIZE
    entries = list(
        public_entries(language).only("slug", "language", "updated_at", "translation_of_id")[
            (page - 1) * size : page * size
        ]
    )
    family_ids = {entry.original_id for entry in entries}
    families: dict[int, list[Entry]] = {}
    for member in (
        Entry.objects.published()
        .families(family_ids)
        .only("slug", "language", "translation_of_id")
        .order_by("language", "id")
    ):
        families.setdefault(member.original_id, []).append(member)
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
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse(view_name, kwargs=kwargs)
    return paths


def home_alternates() -> tuple[tuple[str, str], ...]:
    """Each language's home, and ``/`` (the front door) as x-default."""
    homes = per_language("cms:entry-list")
    return (*homes.items(), ("x-default", reverse("home")))


def home_location(language: str) -> Location:
    return Location(per_language("cms:entry-list")[language], None, home_alternates())


def front_door_location() -> Location:
    """``/``, listed once (in the default language's sitemap) as the x-default of the homes."""
    return Location(reverse("home"), None, home_alternates())


def topic_languages(topic_ids) -> dict[int, list[str]]:
    """The languages in which each topic has public entries, in the site's language order."""
    found = set(
        Entry.objects.published()
        .filter(topics__in=topic_ids)
        .values_list("topics", "language")
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


def topic_locations(language: str) -> list[Location]:
    topics = list(Topic.objects.with_public_entries(language).order_by("slug"))
    languages = topic_languages([topic.pk for topic in topics])
    return [
        Location(
            topic.get_absolute_url(language), None, topic_alternates(topic, languages[topic.pk])
        )
        for topic in topics
    ]


def page_locations(language: str) -> list[Location]:
    return [
        Location(page.get_absolute_url(), page.updated_at)
        for page in Page.objects.public().filter(language=language).order_by("nav_order", "slug")
    ]


class LanguageSitemap(Sitemap):
    """One page of a language's public pages: its entries, and on the first its other pages."""

    def __init__(self, language: str, page: int = 1):
        self.language = language
        self.page = page

    def items(self) -> list[Location]:
        others = []
        if self.page == 1:
            front_door = [front_door_location()] if self.language == default_language() else []
            others = [
                *front_door,
                home_location(self.language),
                *topic_locations(self.language),
                *page_locations(self.language),
            ]
        return [*others, *entry_locations(self.language, self.page)]

    def location(self, item: Location) -> str:
        return item.path

    def lastmod(self, item: Location):
        return item.lastmod

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["alternates"] = [
                {"lang_code": code, "location": absolute_url(path)}
                for code, path in url["item"].alternates
            ]
        return urls


def sitemap_path(language: str, page: int = 1) -> str:
    if page == 1:
        return reverse("sitemap-language", kwargs={"section": language})
    return reverse("sitemap-language-page", kwargs={"section": language, "page": page})


def sitemap_index_paths() -> list[str]:
    return [
        sitemap_path(code, page)
        for code, _name in settings.LANGUAGES
        for page in range(1, page_count(code) + 1)
    ]

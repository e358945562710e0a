"""Sitemaps: an index at ``/sitemap.xml`` and one sitemap per language.

Built on Django's sitemaps framework from public content only. Locations are
absolute against ``CMS_SITE_URL`` (never the request's host), and every
entry lists its other public language versions as hreflang alternates, with
``x-default`` pointing at the original.
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from cms.absolute import absolute_url, site_url
from cms.models import Entry, Page, Topic


@dataclass(frozen=True)
class Location:
    path: str
    lastmod: datetime | None = None
    alternates: tuple[tuple[str, str], ...] = field(default=())


def entry_locations(language: str) -> list[Location]:
    entries = list(
        Entry.objects.published()
        .filter(language=language)
        .only("slug", "language", "updated_at", "translation_of_id")
        .order_by("id")
    )
    family_ids = {entry.original_id for entry in entries}
    families: dict[int, list[Entry]] = {}
    for member in (
        Entry.objects.published()
        .filter(Q(pk__in=family_ids) | Q(translation_of_id__in=family_ids))
        .only("slug", "language", "translation_of_id")
        .order_by("language")
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


def home_location(language: str) -> Location:
    homes = per_language("cms:entry-list")
    alternates = tuple(homes.items()) + (("x-default", reverse("home")),)
    return Location(homes[language], None, alternates)


def topic_locations(language: str) -> list[Location]:
    with translation.override(language):
        return [
            Location(topic.get_absolute_url(language))
            for topic in Topic.objects.with_public_entries(language).order_by("slug")
        ]


def page_locations(language: str) -> list[Location]:
    return [
        Location(page.get_absolute_url(), page.updated_at)
        for page in Page.objects.public().filter(language=language).order_by("nav_order", "slug")
    ]


class LanguageSitemap(Sitemap):
    """Every public page of one language: its home, entries, topics and pages."""

    def __init__(self, language: str):
        self.language = language

    def items(self) -> list[Location]:
        return [
            home_location(self.language),
            *entry_locations(self.language),
            *topic_locations(self.language),
            *page_locations(self.language),
        ]

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


class LanguageSitemaps(dict):
    """``{language: sitemap factory}`` for Django's sitemap view, read from settings."""

    def __init__(self):
        super().__init__(
            (code, lambda code=code: LanguageSitemap(code)) for code, _name in settings.LANGUAGES
        )


def sitemap_index_paths() -> list[str]:
    return [reverse("sitemap-language", kwargs={"section": code}) for code, _ in settings.LANGUAGES]

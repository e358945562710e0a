"""The sitemap kind: the index ``/sitemap.xml`` and every page of every language's sitemap.

What a page lists is ``cms.sitemaps.SitemapContent``; ``render_sitemap`` and
``render_index`` turn it into XML with Django's sitemap framework and
templates. The live views (``cms.views.site``) give them content from a few
queries, ``SitemapPages`` (for the export) content from the rows
``EntryPages`` and ``StandalonePages`` loaded, so the file and the live
response are the same bytes.
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.loader import render_to_string

from cms.absolute import absolute_url, site_url
from cms.models import Page
from cms.pages.entry import EntryPages
from cms.public_urls import public_path
from cms.sitemaps import Location, SitemapContent, page_count

CONTENT_TYPE = "application/xml"
TEMPLATE = "sitemap.xml"
INDEX_TEMPLATE = "sitemap_index.xml"


class LanguageSitemap(Sitemap):
    """Django's sitemap over given locations, absolute against ``CMS_SITE_URL``, each with
    its hreflang alternates."""

    def __init__(self, locations: list[Location]):
        self.locations = locations

    def items(self) -> list[Location]:
        return self.locations

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
        return public_path("sitemap-language", section=language)
    return public_path("sitemap-language-page", section=language, page=page)


def render_index(pages: dict[str, int]) -> bytes:
    """The index of every page of each language's sitemap; ``pages``: how many, by language."""
    items = [
        SitemapIndexItem(absolute_url(sitemap_path(language, number)), None)
        for language, count in pages.items()
        for number in range(1, count + 1)
    ]
    return render_to_string(INDEX_TEMPLATE, {"sitemaps": items}).encode()


def render_sitemap(content: SitemapContent) -> bytes:
    urls = LanguageSitemap(content.locations()).get_urls()
    return render_to_string(TEMPLATE, {"urlset": urls}).encode()


class SitemapPages:
    """The index and every sitemap page, from the public entries and pages loaded once."""

    def __init__(self, entries: EntryPages, pages: list[Page]) -> None:
        self.entries = entries
        self.pages = pages
        self.size = settings.CMS_SITEMAP_PAGE_SIZE
        self.by_id = {code: [] for code, _name in settings.LANGUAGES}
        for entry in sorted(entries.entries, key=_pk):
            self.by_id.setdefault(entry.language, []).append(entry)

    def counts(self) -> dict[str, int]:
        """How many pages each language's sitemap has."""
        return {code: page_count(len(self.by_id[code])) for code, _name in settings.LANGUAGES}

    def urls(self) -> Iterator[tuple[str, tuple[str, int] | None]]:
        yield public_path("sitemap"), None
        for language, count in self.counts().items():
            for number in range(1, count + 1):
                yield sitemap_path(language, number), (language, number)

    def content(self, key: tuple[str, int]) -> SitemapContent:
        language, number = key
        entries = self.by_id[language][(number - 1) * self.size : number * self.size]
        families = {
            entry.original_id: self.entries.families[entry.original_id] for entry in entries
        }
        if number != 1:
            return SitemapContent(language, number, entries, families)
        topics = [
            (topic, self.entries.topic_languages(topic.pk))
            for topic, _entries in self.entries.topics_in(language)
        ]
        pages = [page for page in self.pages if page.language == language]
        return SitemapContent(language, number, entries, families, topics, pages)

    def render(self, key: tuple[str, int] | None) -> bytes:
        if key is None:
            return render_index(self.counts())
        return render_sitemap(self.content(key))


def _pk(entry) -> int:
    return entry.pk

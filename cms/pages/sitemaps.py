"""The sitemap kind: the index ``/sitemap.xml`` and every page of every language's sitemap.

What a page lists is ``cms.sitemaps.SitemapContent``; ``render_sitemap``
writes it as XML (the bytes Django's sitemap template wrote), ``render_index``
the index with Django's template. The live views (``cms.views.site``) give them content from a few
queries, ``SitemapPages`` (for the export) content from the rows
``EntryPages`` and ``StandalonePages`` loaded, so the file and the live
response are the same bytes.
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from cms.absolute import absolute_url, site_url
from cms.models import Page
from cms.pages.entry import EntryPages
from cms.public_urls import public_path
from cms.sitemaps import SitemapContent, page_count

CONTENT_TYPE = "application/xml"
URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"
ALTERNATE = '<xhtml:link rel="alternate" hreflang="{}" href="{}"/>'
INDEX_TEMPLATE = "sitemap_index.xml"


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
    """The page's XML, written here rather than by Django's ``sitemap.xml`` template.

    The same bytes as that template over Django's ``Sitemap.get_urls`` (the
    locations absolute against ``CMS_SITE_URL``, each with its hreflang
    alternates; ``tests/test_sitemaps.py`` compares them), at a fraction of the
    cost: a page lists a thousand entries, and the template took most of the
    time an edit's sitemap page cost. The site's URL and time zone are looked up once
    per page, not once per entry.
    """
    root = site_url()
    parts = urlsplit(root)
    prefix = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    urls = []
    for location in content.locations():
        url = f"<url><loc>{escape(prefix + location.path)}</loc>"
        if location.lastmod:
            day = timezone.localtime(location.lastmod, zone) if zone else location.lastmod
            url += f"<lastmod>{day.year:04d}-{day.month:02d}-{day.day:02d}</lastmod>"
        for code, path in location.alternates:
            url += ALTERNATE.format(escape(code), escape(root + path.lstrip("/")))
        urls.append(url + "</url>")
    return (URLSET_START + "".join(urls) + URLSET_END).encode()


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

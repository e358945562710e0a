"""Loaded feeds and sitemaps: every Atom feed, the sitemap index and every sitemap page.

``add_feeds_and_sitemaps`` adds them to a ``LoadedSite`` from the rows it
loaded (``cms.pages.feeds``, ``cms.pages.sitemaps``), with no query. Each
page's digest is what it shows. A feed: its topic's row and its entries as
cards show them (title, summary, body, dates, topics, byline). The sitemap
index: how many pages each language's sitemap has. A sitemap page: its entries
with their public language families and, on the first page, the language's
topics (with the languages that have them) and pages. Code and settings (the
site's name and URL, the page sizes) are the manifest's fingerprint.
"""

from cms.export.loaded_page import LoadedPage, bind, digest
from cms.export.target import ExportTarget
from cms.models import Page
from cms.pages.feeds import CONTENT_TYPE as ATOM
from cms.pages.feeds import Feed, FeedPages
from cms.pages.sitemaps import CONTENT_TYPE as XML
from cms.pages.sitemaps import SitemapPages


def add_feeds_and_sitemaps(site, target: ExportTarget, pages: list[Page]) -> None:
    """Add the kinds above to ``site`` (a ``cms.export.loaded.LoadedSite``)."""
    feeds = FeedPages(site.entries)
    for url, feed in feeds.urls():
        inputs = bind(feed_inputs, site, feed)
        site.add(target, url, LoadedPage(bind(feeds.render, feed), inputs, content_type=ATOM))
    sitemaps = SitemapPages(site.entries, pages)
    for url, key in sitemaps.urls():
        inputs = bind(sitemap_inputs, site, sitemaps, key)
        site.add(target, url, LoadedPage(bind(sitemaps.render, key), inputs, content_type=XML))


def feed_inputs(site, feed: Feed) -> str:
    topic = None if feed.topic is None else site.row("cms_topic", feed.topic.pk)
    return digest("feed", feed.language, topic, *(site.card(e) for e in feed.entries))


def sitemap_inputs(site, sitemaps: SitemapPages, key: tuple[str, int] | None) -> str:
    if key is None:
        return digest("sitemap-index", *sorted(sitemaps.counts().items()))
    content = sitemaps.content(key)
    entries = [
        (
            entry.pk,
            [(m.pk, site.row("cms_entry", m.pk)) for m in content.families[entry.original_id]],
        )
        for entry in content.entries
    ]
    topics = [(t.pk, site.row("cms_topic", t.pk), languages) for t, languages in content.topics]
    pages = [(page.pk, site.row("cms_page", page.pk)) for page in content.pages]
    return digest("sitemap", *key, entries, topics, pages)

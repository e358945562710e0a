"""The pages a ``LoadedSite`` renders besides entries and their lists, and what one such page is.

A ``LoadedPage`` is one URL's renderer, its content type and status, and the
digest of what its bytes depend on; every kind builds that digest with
``digest``, from the rows it shows. Added here, from the rows the site loaded
(plus a fixed number of queries: the order of topics and of usernames, and the
redirects), with no query per page:

- every Atom feed (``cms.pages.feeds``): its topic's row and its entries as
  cards show them (title, summary, body, dates, topics, byline);
- the sitemap index (how many pages each language's sitemap has) and every
  sitemap page (``cms.pages.sitemaps``): its entries with their public
  language families and, on the first page, the language's topics (with the
  languages that have them) and pages;
- each language's topic and archive index (``cms.pages.indexes``): the rows
  of the topics with their counts, or the months with theirs, and the
  navigation every page carries;
- the API's index, topic, author and page lists and page documents
  (``cms.pages.api_site``): the rows they list, with their counts;
- the old URLs of renamed entries (``cms.redirects``), each a 301 to the
  entry's page as the live middleware answers it.

Each also reads the collections of entries it shows or the groups of them it
counts (``cms.pages.collections``): a feed its list's, a sitemap page its
language's and its entries' families, an index its group; an old URL reads
the entry it goes to. Code and settings (the site's name and URL, the page
sizes) are the manifest's fingerprint.
"""

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings

from cms.export.target import ExportTarget
from cms.models import Page
from cms.pages import collections
from cms.pages.api_site import ApiSiteDocuments
from cms.pages.feeds import CONTENT_TYPE as ATOM
from cms.pages.feeds import Feed, FeedPages
from cms.pages.indexes import IndexPages, Taxonomy
from cms.pages.sitemaps import CONTENT_TYPE as XML
from cms.pages.sitemaps import SitemapPages
from cms.redirects import public_redirects

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
TABLES = {"topics": "cms_topic", "authors": "auth_user", "pages": "cms_page"}
ALONE = object()


class LoadedPage:
    """One URL's renderer, its content type and status, and what its bytes depend on.

    ``render_of`` and ``digest_of`` are shared by every page of a kind and take the page's
    ``key`` (nothing when it is ``ALONE``): the export holds a page for every URL it knows,
    and a ``partial`` per page, with its arguments and keywords, was three more objects for
    the garbage collector to visit each time (about 200,000 at 10,000 entries).
    """

    __slots__ = ("content_type", "digest_of", "key", "redirect_to", "render_of", "status")

    def __init__(self, render_of: Callable, digest_of: Callable[..., str], key=ALONE, **kind):
        self.render_of, self.digest_of, self.key = render_of, digest_of, key
        self.content_type = kind.get("content_type", HTML)
        self.status = kind.get("status", 200)
        self.redirect_to = kind.get("redirect_to", "")

    def render(self) -> bytes:
        return self.render_of() if self.key is ALONE else self.render_of(self.key)

    def inputs(self) -> str:
        return self.digest_of() if self.key is ALONE else self.digest_of(self.key)


def redirect(location: str, digest_of: Callable[[str], str] | None = None) -> LoadedPage:
    """A 301 to ``location``; its bytes are the crawl's redirect page, which shows only it."""
    return LoadedPage(
        _no_body, digest_of or redirect_inputs, location, status=301, redirect_to=location
    )


def redirect_inputs(location: str) -> str:
    return digest("redirect", location)


def _no_body(_location: str) -> bytes:
    return b""


def bind(function: Callable, *args) -> Callable:
    """``function`` called with ``args`` later; a ``partial``, a third smaller than a closure
    over them."""
    return functools.partial(function, *args)


def digest(*parts) -> str:
    """128 bits of SHA-256 in hex: ample to tell a page's inputs apart, and half the bytes
    a whole digest would take in the manifest, once per URL."""
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]


def with_names(
    found: str | None, reads: set[str], names: dict[int, set[str]], topics: dict, rows: dict
) -> str | None:
    """A page's digest ``found`` with each topic's names as it shows them: for each topic in
    ``names``, in the languages of the entries whose cards the page shows with it (the set)
    and in the page's own (``lang:<code>`` in ``reads``); a page that read a topic's row
    (``cms_topic:<pk>``) but has no language of its own shows that row (from ``rows``,
    ``incremental.State.rows``). ``topics`` are the loaded topics by id. A renamed topic
    touches only the pages that show a name it changed
    (``cms.export.planner.showing_names``)."""
    if not names:
        return found
    own = {key[5:] for key in reads if key.startswith("lang:")}
    topic_rows = rows.get("cms_topic", {})
    shown = []
    for pk, languages in sorted(names.items()):
        topic = topics[pk]
        if not own and f"cms_topic:{pk}" in reads:
            shown.append(topic_rows.get(str(pk)))
        shown.append((pk, topic.slug, [(c, topic.name_in(c)) for c in sorted(languages | own)]))
    return digest(found, *shown)


def let_go_of_rendering(target: ExportTarget, loaded) -> None:
    """Free what only rendering needed before the manifest is built, an export's peak of
    memory: every link spelling ``target`` located, and the loaded rows and pages once the
    caller drops ``loaded`` (a ``LoadedSite``). Its pages refer back to it through bound
    methods; emptied, they no longer hold it in cycles that only a full collection would
    free (2 s at 10,000 entries on a busy machine)."""
    target.located.clear()
    if loaded is not None:
        loaded.pages.clear()
        loaded.fetched.clear()


def add_kinds(site, target: ExportTarget, pages: list[Page]) -> None:
    """Add the kinds above to ``site`` (a ``cms.export.loaded.LoadedSite``)."""
    feeds = FeedPages(site.entries)
    add_kind(site, target, feeds, bind(feed_inputs, site), content_type=ATOM)
    sitemaps = SitemapPages(site.entries, pages)
    add_kind(site, target, sitemaps, bind(sitemap_inputs, site, sitemaps), content_type=XML)
    taxonomy = Taxonomy(site.entries)
    indexes = IndexPages(taxonomy)
    add_kind(site, target, indexes, bind(index_inputs, site, taxonomy))
    documents = ApiSiteDocuments(taxonomy, pages)
    add_kind(site, target, documents, bind(document_inputs, site, documents), content_type=JSON)
    add_renamed_entries(site, target)


def add_kind(site, target: ExportTarget, kind, digest_of: Callable, **page) -> None:
    """Each URL of ``kind`` (its ``urls()``: URL and key), rendered by its ``render``."""
    render_of = kind.render
    for url, key in kind.urls():
        site.add(target, url, LoadedPage(render_of, digest_of, key, **page))


def feed_inputs(site, feed: Feed) -> str:
    site.read_language(feed.language)
    if feed.topic is None:
        site.read_collection(collections.language(feed.language))
    else:
        site.read_collection(collections.topic(feed.language, feed.topic.pk))
    topic = None if feed.topic is None else site.row("cms_topic", feed.topic.pk)
    return digest("feed", feed.language, topic, *(site.card(e) for e in feed.entries))


def sitemap_inputs(site, sitemaps: SitemapPages, key: tuple[str, int] | None) -> str:
    if key is None:
        site.read_collection(*(collections.language(code) for code in sitemaps.counts()))
        return digest("sitemap-index", *sorted(sitemaps.counts().items()))
    content = sitemaps.content(key)
    site.read_language(key[0])
    site.read(collections.lowest_ids(collections.language(key[0]), key[1] * sitemaps.size))
    site.read_collection(*(collections.family(pk) for pk in content.families))
    if content.page == 1:
        site.read_groups(collections.topics_group(key[0]))
        site.read_groups(*(collections.topic_group(t.pk) for t, _languages in content.topics))
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


def index_inputs(site, taxonomy: Taxonomy, key: tuple[str, str]) -> str:
    kind, language = key
    site.read_language(language)
    if kind == "topics":
        site.read_groups(collections.topics_group(language))
        topics = taxonomy.topics(language)
        shown = [f"{site.row('cms_topic', t.pk)}:{t.entry_count}" for t in topics]
    else:
        site.read_groups(collections.months_group(language))
        shown = taxonomy.months(language)
    return digest("index", kind, language, site.nav, *shown)


def document_inputs(site, documents: ApiSiteDocuments, key: tuple) -> str:
    kind = key[0]
    if kind == "index":
        for code, _name in settings.LANGUAGES:
            site.read_collection(collections.language(code))
            site.read_groups(collections.topics_group(code), collections.authors_group(code))
        per_language, counts = documents.counts()
        return digest("api-index", sorted(per_language.items()), sorted(counts.items()))
    if kind == "page":
        return digest("api-page", site.row("cms_page", key[1].pk))
    language, table = key[1], TABLES[kind]
    site.read_language(language)
    if kind == "topics":
        site.read_groups(collections.topics_group(language))
    elif kind == "authors":
        site.read_groups(collections.authors_group(language))
    shown = (
        f"{site.row(table, row.pk)}:{getattr(row, 'entry_count', '')}"
        for row in documents.in_language(kind, language)
    )
    return digest("api-" + kind, language, *shown)


def add_renamed_entries(site, target: ExportTarget) -> None:
    """Each public entry's old paths, unless a loaded page answers there now (the live
    middleware redirects only what would otherwise be a 404)."""
    by_pk = {entry.pk: entry for entry in site.entries.entries}
    for old_path, entry_pk in public_redirects():
        entry, key = by_pk.get(entry_pk), target.key_of(old_path)
        if entry is None or key is None or key in site.pages:
            continue
        site.add(
            target, old_path, redirect(entry.get_absolute_url(), bind(renamed_inputs, site, entry))
        )


def renamed_inputs(site, entry, location: str) -> str:
    """A renamed entry's old URL goes where the entry is now: it reads the entry (and every
    redirect row, as a row of them may send it to another entry)."""
    site.read(f"card:{entry.pk}")
    site.read("table:cms_redirect")
    return redirect_inputs(location)

"""Pages the export renders from rows loaded once, without Django's request cycle.

``LoadedSite`` loads the public entries and pages once (``cms.pages``) and
maps each URL of a page kind to a function that renders its bytes, the same
bytes the live view answers (``tests/test_pages.py``): entry pages, every
paginated list and its old ``…/page/<n>/`` redirects, the front door,
standalone pages, ``robots.txt``, the 404 page, the API's entry documents
and entry lists, and (``cms.export.loaded_kinds``) the Atom feeds, the
sitemaps, the topic and archive indexes, the API's index, topic, author and
page lists and page documents, and the old URLs of renamed entries. The
search page and the API's schema and docs still go through the request cycle
(``fetch.Renderer``), with a digest all the same (``FETCHED``); any other URL
it fetches has none and is rendered every time.

For ``--incremental``, a loaded page is described by a digest of what it is
rendered from: the digests of the database rows it shows (taken by
``incremental.State`` for the whole export) and which rows those are. The
manifest records it as the page's ``inputs``; the next run reuses the page
when the digest is the same. A planned export loads the site without the
rows (reading them all costs more than the few pages it renders): its pages
record what they read, which is what the planner needs, and no digest, so
the digest road renders them again.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch

from cms.export.loaded_kinds import (
    JSON,
    TEXT,
    LoadedPage,
    add_kind,
    add_kinds,
    redirect,
    with_names,
)
from cms.export.loaded_kinds import bind as _bind
from cms.export.loaded_kinds import digest as _digest
from cms.export.target import ExportTarget
from cms.languages import default_language
from cms.models import Entry
from cms.pages import collections
from cms.pages.api_entry import render_entry_document
from cms.pages.api_lists import ApiListPages
from cms.pages.entry import EntryPages
from cms.pages.home import ENTRIES_PER_LANGUAGE, render_home
from cms.pages.lists import EntryListPages
from cms.pages.page import StandalonePages
from cms.pages.render import SiteContext
from cms.pages.site import render_not_found, robots_text
from cms.public_urls import api_path, public_path

FETCHED_API = ("api-schema", "api-docs", "api-docs-script")
READS = (
    "auth_user",
    "cms_entry",
    "cms_entry_authors",
    "cms_entry_topics",
    "cms_page",
    "cms_paper",
    "cms_redirect",
    "cms_topic",
)


class LoadedSite:
    """Every URL of the loaded page kinds, keyed by the crawl's site path."""

    def __init__(
        self,
        target: ExportTarget,
        rows: dict[str, dict[str, str]] | None = None,
        tables: dict[str, str] | None = None,
    ):
        self.rows, self.tables, self.digests = rows or {}, tables or {}, rows is not None
        site = self.site = SiteContext()
        self.entries = EntryPages(site)
        self.pages: dict[str, LoadedPage] = {}
        self.fetched: dict[str, Callable[[], str]] = {}
        self._cards: dict[int, str] = {}
        self._reads: set[str] | None = None
        self.topics = self.entries.all_topics
        render, render_document = self.entries.render, self.entry_document
        entry_inputs = _bind(self.family_inputs, "entry")
        document_inputs = _bind(self.family_inputs, "api")
        for url, entry in self.entries.urls():
            self.add(target, url, LoadedPage(render, entry_inputs, entry))
            document = LoadedPage(render_document, document_inputs, entry, content_type=JSON)
            self.add(target, _api_path(entry), document)
        standalone = StandalonePages(site)
        add_kind(self, target, standalone, self.page_inputs)
        self.lists = EntryListPages(self.entries)
        render, inputs = self.lists.render, self.list_inputs
        for url, key in self.lists.urls():
            self.add(target, url, LoadedPage(render, inputs, key))
        for url, location in self.lists.legacy_redirects():
            self.add(target, url, redirect(location))
        self.api_lists = ApiListPages(self.entries)
        render, inputs = self.api_lists.render, self.api_list_inputs
        for url, key in self.api_lists.urls():
            self.add(target, url, LoadedPage(render, inputs, key, content_type=JSON))
        self.add(target, "/", LoadedPage(_bind(render_home, site, self.entries.newest), self.home))
        not_found = LoadedPage(_bind(render_not_found, site), self.site_inputs, status=404)
        self.add(target, "/404.html", not_found)
        robots = LoadedPage(lambda: robots_text().encode(), self.site_inputs, content_type=TEXT)
        self.add(target, "/robots.txt", robots)
        add_kinds(self, target, standalone.pages)
        self.add_fetched(target)

    def add(self, target: ExportTarget, url: str, page: LoadedPage) -> None:
        key = target.key_of(url)
        if key is not None:
            self.pages[key] = page

    def add_fetched(self, target: ExportTarget) -> None:
        """URLs left to the request cycle whose bytes depend on the code and the settings
        only (the manifest's fingerprint), and the search page on the navigation too: it
        is the site's frame around a form, as the 404 page is."""
        for code, _name in settings.LANGUAGES:
            self.add_fetched_url(target, public_path("cms:search", code), self.site_inputs)
        for name in FETCHED_API:
            try:
                url = api_path(name)
            except NoReverseMatch:
                continue
            self.add_fetched_url(target, url, _bind(_digest, "fetched", url))

    def add_fetched_url(self, target: ExportTarget, url: str, inputs: Callable[[], str]) -> None:
        located = target.locate(url, "/")
        if located is not None and located.key not in self.pages:
            self.fetched[located.key] = inputs

    def entry_document(self, entry: Entry) -> bytes:
        return render_entry_document(
            entry, self.entries.versions(entry), self.api_lists.summary(entry)
        )

    def warm(self) -> None:
        """Build now what pages share and would otherwise build on first use: each entry's
        card, API summary and input digest. ``--jobs`` calls it before forking, so the
        workers inherit one copy instead of each building its own."""
        entries = self.entries.entries
        self.site.warm_cards(entries)
        self.api_lists.summaries_of(entries)
        for entry in entries:
            self.card(entry)

    def inputs(self, path: str) -> tuple[str | None, list[str] | None]:
        """The digest of what the page is rendered from, and the rows that digest read.

        ``(None, None)``: always render it; no digest but the rows when the site was
        loaded without the rows' digests. The rows are keys such as
        ``cms_topic:3``, ``card:12`` (an entry as its cards show it) and
        ``table:cms_page`` (the navigation); ``cms.export.planner`` finds the
        pages a change of the content touches by them.
        """
        page = self.pages.get(path)
        inputs = self.fetched.get(path) if page is None else page.inputs
        if inputs is None:
            return None, None
        self._reads, self.names = set(), {}
        try:
            digest = with_names(inputs(), self._reads, self.names, self.topics, self.rows)
            reads = sorted(self._reads)
        finally:
            self._reads = None
        return (digest if self.digests else None), reads

    def card(self, entry: Entry) -> str:
        """What a card of ``entry`` shows: its row, its paper, its topics and its byline.

        A page reads it as ``card:<pk>`` alone, whichever page (or ``warm``)
        built it first, so what a page read does not depend on the order of
        rendering or on ``--jobs``; the planner follows an entry's, topic's or
        paper's change to the cards that show it.
        """
        self.read(f"card:{entry.pk}")
        if self._reads is not None:
            for topic in self.entries.topics(entry):
                self.names.setdefault(topic.pk, set()).add(entry.language)
        found = self._cards.get(entry.pk)
        if found is None:
            reads, self._reads = self._reads, None
            try:
                parts = [self.row("cms_entry", entry.pk), self.row("cms_paper", entry.paper_id)]
                parts += [f"t{t.pk}" for t in self.entries.topics(entry)]
                parts += [
                    f"a{a.pk}:{self.row('auth_user', a.pk)}" for a in self.entries.authors(entry)
                ]
            finally:
                self._reads = reads
            found = self._cards[entry.pk] = "|".join(map(str, parts))
        return found

    def family_inputs(self, kind: str, entry: Entry) -> str:
        self.read_collection(collections.family(entry.original_id))
        self.read_language(entry.language)
        family = [entry, *self.entries.versions(entry)]
        return _digest(kind, self.nav, *(self.card(e) for e in family))

    def list_inputs(self, key) -> str:
        """A numbered page (HTML or API) shows its own entries and its neighbours' numbers,
        not how long its list is: publishing an entry leaves the numbered pages as they were."""
        entry_list, number = key
        page, shown = self.lists.page(key)
        self.read_place(entry_list.collection, page, self.lists.depth(page))
        self.read_language(entry_list.language)
        front = sorted(entry_list.front.items()) if page.is_front else ()
        if page.is_front:
            self.read_groups(*entry_list.front_groups)
        return _digest(
            "list",
            entry_list.url_name,
            sorted(entry_list.kwargs.items()),
            entry_list.language,
            number,
            page.older,
            page.newer,
            self.nav,
            sorted((k, str(getattr(v, "pk", v))) for k, v in entry_list.context.items()),
            front,
            *(self.row(table, pk) for table, pk in entry_list.shows),
            *(self.card(entry) for entry in shown),
        )

    def api_list_inputs(self, key) -> str:
        entry_list = key[0]
        page, shown = self.api_lists.page(key)
        self.read_place(entry_list.collection, page, self.api_lists.depth(page))
        if "language" in entry_list.url_kwargs:
            self.read_language(entry_list.url_kwargs["language"])
        head = (self.row(table, pk) for table, pk in entry_list.shows)
        return _digest(
            "api-list",
            entry_list.url_name,
            sorted(entry_list.url_kwargs.items()),
            (page.number, page.older, page.newer),
            len(entry_list.entries) if page.is_front else None,
            *head,
            *(self.card(entry) for entry in shown),
        )

    def home(self) -> str:
        languages = [code for code, _name in settings.LANGUAGES]
        self.read_collection(*map(collections.language, languages))
        self.read_language(default_language())
        shown = [e for code in languages for e in self.entries.newest(code, ENTRIES_PER_LANGUAGE)]
        return _digest("home", self.nav, *languages, *(self.card(entry) for entry in shown))

    def page_inputs(self, page) -> str:
        return _digest("page", self.nav, self.row("cms_page", page.pk))

    def site_inputs(self) -> str:
        """The navigation every page shows (code and settings are the manifest's fingerprint)."""
        return _digest("site", self.nav)

    @property
    def nav(self) -> str | None:
        self.read("table:cms_page")
        return self.tables.get("cms_page")

    def row(self, table: str, key) -> str | None:
        if key is None:
            return None
        self.read(f"{table}:{key}")
        if table == "cms_topic" and self._reads is not None:
            self.names.setdefault(int(key), set())
            return None
        return self.rows.get(table, {}).get(str(key))

    def read_collection(self, *names: str) -> None:
        """The page shows which entries are in these collections (``cms.pages.collections``),
        in their order, or how many: an entry that joins or leaves one, or moves in it,
        changes the page (``cms.export.placement``)."""
        for name in names:
            self.read(f"in:{name}")

    def read_place(self, collection: str, page, depth: int) -> None:
        """A front shows how many and the newest of ``collection``; a numbered page its oldest."""
        self.read(f"in:{collection}" if page.is_front else collections.oldest(collection, depth))

    def read_groups(self, *names: str) -> None:
        """The page shows which collections of a group exist, or how many entries each has."""
        for name in names:
            self.read(f"group:{name}")

    def read_language(self, code: str) -> None:
        """The page shows topics' names in ``code`` besides its cards' entries' languages."""
        self.read(f"lang:{code}")

    def read(self, key: str) -> None:
        """The page depends on what ``key`` names (``card:<pk>``, ``table:<name>``)."""
        if self._reads is not None:
            self._reads.add(key)


def _api_path(entry: Entry) -> str:
    return api_path("api-entry-detail", language=entry.language, slug=entry.slug)

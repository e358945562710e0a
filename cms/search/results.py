"""The reader's search: public entries of one language, ranked, a page at a time."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString

from cms.conf import conf
from cms.search.backends import Hit, SearchBackend, get_backend
from cms.search.query import Query
from cms.search.snippets import highlight, snippet
from cms.search.text import html_to_text


@dataclass(frozen=True)
class SearchResult:
    entry: object
    title: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    query: Query
    total: int
    page: Page
    results: list[SearchResult]


class RankedHits:
    """A lazy sequence of hits for ``Paginator``: one COUNT, then one ranked slice.

    Its length is capped at ``max_pages`` pages; ``total`` is the real count.
    """

    def __init__(self, backend: SearchBackend, query: Query, candidates, cap: int) -> None:
        self.backend = backend
        self.query = query
        self.candidates = candidates
        self.total = backend.count(query, candidates)
        self.cap = cap

    def count(self) -> int:
        return min(self.total, self.cap)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Hit]:
        start, stop = window.start or 0, min(window.stop, self.cap)
        if stop <= start:
            return []
        return self.backend.hits(self.query, self.candidates, start, stop - start)


def public_candidates(language: str):
    """What a reader may find: ``cms.publishing``'s public entries, in ``language``."""
    from cms.models import Entry

    return Entry.objects.published().filter(language=language)


def search_entries(
    query: Query, *, language: str, page: int | str | None = 1, per_page: int | None = None
) -> SearchPage:
    """Page ``page`` of the public entries in ``language`` that match ``query``.

    A page number that is not a number, or past the last page, gives the
    nearest page, so no query string can make this fail.
    """
    per_page = per_page or conf.CMS_SEARCH_RESULTS_PER_PAGE
    hits = RankedHits(
        get_backend(),
        query,
        public_candidates(language),
        cap=per_page * conf.CMS_SEARCH_MAX_PAGES,
    )
    current = Paginator(hits, per_page).get_page(page)
    ids = [hit.entry_id for hit in current.object_list]
    loaded = public_candidates(language).filter(pk__in=ids) if ids else []
    if ids:
        loaded = loaded.defer("body").with_topics_and_byline()
    entries = {entry.pk: entry for entry in loaded}
    results = [result_for(entries[entry_id], query) for entry_id in ids if entry_id in entries]
    return SearchPage(query=query, total=hits.total, page=current, results=results)


def result_for(entry, query: Query) -> SearchResult:
    return SearchResult(
        entry=entry,
        title=highlight(entry.title, query),
        snippet=snippet([entry.summary, html_to_text(entry.body_html)], query),
    )

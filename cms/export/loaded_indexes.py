"""Loaded kinds beyond entries and their lists: indexes, API site documents, renamed entries.

``add_indexes`` adds to a ``LoadedSite``, from the rows it loaded (plus a
fixed number of queries: the order of topics and of usernames, and the
redirects), each language's topic and archive index (``cms.pages.indexes``),
the API's index, topic, author and page lists and page documents
(``cms.pages.api_site``), and the old URLs of renamed entries
(``cms.redirects``), each a 301 to the entry's page as the live middleware
answers it. Each page's digest is what it shows: the rows of the topics,
authors or pages it lists with their counts, the months with theirs, and for
the HTML indexes the navigation every page carries.
"""

from cms.export.loaded_page import JSON, LoadedPage, bind, digest, redirect
from cms.export.target import ExportTarget
from cms.models import Page
from cms.pages.api_site import ApiSiteDocuments
from cms.pages.indexes import IndexPages, Taxonomy
from cms.redirects import public_redirects

TABLES = {"topics": "cms_topic", "authors": "auth_user", "pages": "cms_page"}


def add_indexes(site, target: ExportTarget, pages: list[Page]) -> None:
    """Add the kinds above to ``site`` (a ``cms.export.loaded.LoadedSite``)."""
    taxonomy = Taxonomy(site.entries)
    indexes = IndexPages(taxonomy)
    for url, key in indexes.urls():
        inputs = bind(index_inputs, site, taxonomy, key)
        site.add(target, url, LoadedPage(bind(indexes.render, key), inputs))
    documents = ApiSiteDocuments(taxonomy, pages)
    for url, key in documents.urls():
        inputs = bind(document_inputs, site, documents, key)
        site.add(target, url, LoadedPage(bind(documents.render, key), inputs, content_type=JSON))
    add_renamed_entries(site, target)


def index_inputs(site, taxonomy: Taxonomy, key: tuple[str, str]) -> str:
    kind, language = key
    if kind == "topics":
        topics = taxonomy.topics(language)
        shown = [f"{site.row('cms_topic', t.pk)}:{t.entry_count}" for t in topics]
    else:
        shown = taxonomy.months(language)
    return digest("index", kind, language, site.nav, *shown)


def document_inputs(site, documents: ApiSiteDocuments, key: tuple) -> str:
    kind = key[0]
    if kind == "index":
        per_language, counts = documents.counts()
        return digest("api-index", sorted(per_language.items()), sorted(counts.items()))
    if kind == "page":
        return digest("api-page", site.row("cms_page", key[1].pk))
    language, table = key[1], TABLES[kind]
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
        entry = by_pk.get(entry_pk)
        located = target.locate(old_path, "/")
        if entry is None or located is None or located.key in site.pages:
            continue
        site.add(target, old_path, redirect(entry.get_absolute_url()))

"""Public pages as page kinds, built from data loaded once (issue 20: one renderer, two callers).

A page kind names its template, the URLs it has and the context its template
gets. The live views build that context through the same functions as the
static export, and ``cms.pages.render`` renders a template without a request:
the context processors' part (site name, language homes, navigation pages) is
computed once per language (``SiteContext``), so a page rendered from loaded
rows runs no query and is the same bytes as the live response
(``tests/test_pages.py``).

Kinds: the entry page (``entry``), every paginated list of entries with its
old ``…/page/<n>/`` redirects (``lists``), the front door (``home``), the
standalone page (``page``), ``robots.txt`` and the 404 page (``site``), the
Atom feeds (``feeds``), the sitemap index and pages (``sitemaps``), the
topic and archive indexes (``indexes``), and the API's entry documents
(``api_entry``), entry lists (``api_lists``), and index, topic, author and
page lists and page documents (``api_site``). The export renders them
through ``cms.export.loaded``. The search page and the API's schema and docs
are still built only by their views.
"""

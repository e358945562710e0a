"""Public pages as page kinds, built from data loaded once (issue 20: one renderer, two callers).

A page kind names its template, the URLs it has and the context its template
gets. The live views build that context through the same functions as the
static export, and ``cms.pages.render`` renders a template without a request:
the context processors' part (site name, language homes, navigation pages) is
computed once per language (``SiteContext``), so a page rendered from loaded
rows runs no query and is the same bytes as the live response
(``tests/test_pages.py``).

Kinds so far: the entry page (``entry``), the standalone page (``page``),
the front door (``home``), the language home and its numbered pages
(``lists``), ``robots.txt`` and the 404 page (``site``). Topic, author and
archive lists, feeds, sitemaps and the API documents are still built only by
their views, and the export still renders every URL through the request
cycle: switching it to these kinds (with a loader for the rest) is the next
step of issue 20.
"""

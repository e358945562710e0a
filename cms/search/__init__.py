"""Search over entries: live (SQLite FTS5 or PostgreSQL full-text) and static (Pagefind).

- ``parse_query`` turns what a reader typed into safe terms (``query``).
- ``search_entries`` answers the public search page (``results``).
- ``get_backend`` is the per-database index (``backends``), kept in step by
  ``signals`` and rebuilt by ``rebuild_index`` (``index``).
- ``build_static_index`` runs Pagefind over an exported site (``static_index``).
"""

from cms.search.backends import get_backend
from cms.search.index import index_entries, rebuild_index
from cms.search.query import Query, parse_query
from cms.search.results import SearchPage, search_entries

__all__ = [
    "Query",
    "SearchPage",
    "get_backend",
    "index_entries",
    "parse_query",
    "rebuild_index",
    "search_entries",
]

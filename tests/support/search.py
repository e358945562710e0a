"""Search helpers shared by tests/test_search_*.py: the hostile queries, the statuses readers
never see, the titles a query finds and whether the backend indexed an entry.
"""

from django.db import connection

from cms.search import parse_query, search_entries
from cms.search.models import SearchDocument

HOSTILE_QUERIES = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "-",
    "-diffusion",
    "diffusion)",
    "(",
    "a OR",
    "AND",
    "NOT diffusion",
    "'",
    "\\",
    "%",
    "_",
    "\x00",
    "title:diffusion",
    "^diffusion",
    "diffusion*",
    '蛋白"质',
    ":*",
    "!",
    "&|<->",
    "a" * 500,
    "扩" * 500,
    "<script>alert(1)</script>",
    "{count}",
]


def titles(text: str, language: str = "en") -> list[str]:
    return [r.entry.title for r in search_entries(parse_query(text), language=language).results]


def indexed(entry_id: int) -> bool:
    """Whether the backend's own storage has a row for the entry."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM cms_search_fts WHERE rowid = %s", [entry_id])
            return cursor.fetchone()[0] == 1
    return SearchDocument.objects.filter(entry_id=entry_id).exists()

"""SQLite: an FTS5 table, ``cms_search_fts``, ranked with BM25.

Migration ``0005_search_index`` creates the table; its rowid is the entry
id. Its tokenizer (``porter unicode61``) splits on spaces and punctuation
and stems English; Chinese arrives already split into bigrams (see
``cms.search.text``). Matching and ranking happen in one statement that also
requires ``rowid IN (<candidates>)``, the compiled SQL of the caller's
queryset, so the public rule of ``cms.publishing`` is part of every search
rather than a filter applied afterwards.
"""

from collections.abc import Iterable, Sequence

from django.db import DatabaseError
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from cms.search.backends.base import Hit, SearchBackend
from cms.search.documents import FIELDS, Document
from cms.search.query import Query, Term

TABLE = "cms_search_fts"
# BM25 weight of each column, in the order of ``FIELDS``: a title match counts
# ten times a body match.
WEIGHTS = {"title": 10.0, "summary": 4.0, "topics": 4.0, "source": 2.0, "body": 1.0}


def match_expression(query: Query) -> str:
    """FTS5 syntax for ``query``; every token is double-quoted, so nothing is an operator.

    Tokens hold only letters and digits (``cms.search.query``), so they
    cannot close the quotes.
    """
    return " AND ".join(term_expression(term) for term in query.terms)


def term_expression(term: Term) -> str:
    phrase = '"' + " ".join(term.tokens) + '"'
    return phrase + "*" if term.prefix else phrase


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def save(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        columns = ", ".join(FIELDS)
        marks = ", ".join(["%s"] * (len(FIELDS) + 1))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {TABLE} WHERE rowid = %s", [(doc.entry_id,) for doc in documents]
            )
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {columns}) VALUES ({marks})",
                [(doc.entry_id, *doc.values()) for doc in documents],
            )

    def remove(self, entry_ids: Iterable[int]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in entry_ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def _restricted(self, query: Query, candidates: QuerySet) -> tuple[str, list]:
        """The WHERE clause shared by ``count`` and ``hits``, with its parameters."""
        subquery, params = candidates.order_by().values("pk").query.sql_with_params()
        # The unary "+" hides the rowid constraint from FTS5's query planner:
        # offered it, FTS5 evaluates the MATCH once per candidate rowid, far
        # slower than matching first (docs/benchmarks.md, "Search").
        where = f"{TABLE} MATCH %s AND +rowid IN ({subquery})"
        return where, [match_expression(query), *params]

    def count(self, query: Query, candidates: QuerySet) -> int:
        if not query:
            return 0
        where, params = self._restricted(query, candidates)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE {where}", params)
            return cursor.fetchone()[0]

    def hits(self, query: Query, candidates: QuerySet, offset: int, limit: int) -> list[Hit]:
        if not query:
            return []
        where, params = self._restricted(query, candidates)
        weights = ", ".join(str(WEIGHTS[name]) for name in FIELDS)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}, {weights}) AS score FROM {TABLE} WHERE {where} "
                "ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            # BM25 is lower for better matches; callers expect higher-is-better.
            return [Hit(entry_id, -score) for entry_id, score in cursor.fetchall()]

    def filter(self, queryset: QuerySet, query: Query) -> QuerySet:
        if not query:
            return queryset.none()
        matching = RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (match_expression(query),)
        )
        return queryset.filter(pk__in=matching)

    def size(self) -> int | None:
        """Bytes of the FTS5 table's shadow tables, from ``dbstat`` where SQLite has it."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE %s",
                    [f"{TABLE}%"],
                )
                return cursor.fetchone()[0]
        except DatabaseError:  # dbstat is an optional compile-time feature of SQLite
            return None

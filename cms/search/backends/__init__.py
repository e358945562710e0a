"""One search backend per database vendor, behind one small interface.

``get_backend()`` picks the backend for the connection the entries live on.
Backends index ``Document``s and answer ``Query``s; they never decide what is
public: callers pass the candidate entries as a queryset (the public
``Entry.objects.published()`` or the admin's own), and the backend restricts
its matches to that queryset inside the same SQL query.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from cms.search.documents import Document
from cms.search.query import Query


@dataclass(frozen=True)
class Hit:
    entry_id: int
    score: float


class SearchBackend:
    """The interface; each method's docstring is the contract."""

    vendor = ""

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self.connection = connections[using]

    def save(self, documents: Sequence[Document]) -> None:
        """Insert or replace the documents of these entries."""
        raise NotImplementedError

    def remove(self, entry_ids: Iterable[int]) -> None:
        """Forget these entries (deleting an entry also does this)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget every entry (before a rebuild)."""
        raise NotImplementedError

    def count(self, query: Query, candidates: QuerySet) -> int:
        """How many of ``candidates`` match ``query``."""
        raise NotImplementedError

    def hits(self, query: Query, candidates: QuerySet, offset: int, limit: int) -> list[Hit]:
        """The best-ranked matches among ``candidates``, best first."""
        raise NotImplementedError

    def filter(self, queryset: QuerySet, query: Query) -> QuerySet:
        """``queryset`` narrowed to matching entries, unranked (the admin orders it)."""
        raise NotImplementedError

    def size(self) -> int | None:
        """Bytes the index takes on disk, when the database can say."""
        return None


def get_backend(using: str = "default") -> SearchBackend:
    vendor = connections[using].vendor
    if vendor == "postgresql":
        from cms.search.backends.postgres import PostgresBackend

        return PostgresBackend(using)
    if vendor == "sqlite":
        from cms.search.backends.sqlite import SqliteBackend

        return SqliteBackend(using)
    raise NotImplementedError(
        f"Search supports SQLite and PostgreSQL; the {vendor!r} database has no search backend."
    )

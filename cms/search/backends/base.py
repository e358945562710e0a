"""What every search backend offers, and what a match is: the contract the vendors' modules fill.

It lives apart from ``get_backend`` so that a vendor's module needs only
this, never the package that chooses among them.
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

"""Keeping the index in step with entries: index some, forget some, rebuild all."""

from collections.abc import Callable, Iterable

from django.db import transaction

from cms.search.backends import get_backend
from cms.search.documents import build_document

REBUILD_BATCH = 500
INDEXED_FIELDS = (
    "id",
    "title",
    "summary",
    "body_html",
    "paper__authors",
    "paper__arxiv_id",
    "paper__doi",
)


def entries_for_indexing(using: str = "default"):
    from cms.models import Entry

    return (
        Entry.objects.using(using)
        .select_related("paper")
        .only(*INDEXED_FIELDS)
        .prefetch_related("topics")
    )


def index_entries(entry_ids: Iterable[int], *, using: str = "default") -> int:
    """(Re)index these entries from the database; ids of deleted entries are forgotten."""
    ids = set(entry_ids)
    if not ids:
        return 0
    entries = list(entries_for_indexing(using).filter(pk__in=ids))
    backend = get_backend(using)
    backend.save([build_document(entry, entry.topics.all()) for entry in entries])
    missing = ids - {entry.pk for entry in entries}
    if missing:
        backend.remove(missing)
    return len(entries)


def remove_entries(entry_ids: Iterable[int], *, using: str = "default") -> None:
    get_backend(using).remove(list(entry_ids))


def rebuild_index(
    *, using: str = "default", progress: Callable[[int, int], None] | None = None
) -> int:
    """Empty the index and index every entry again, in one transaction; returns the count.

    Readers keep seeing the old index until the new one is committed.
    """
    backend = get_backend(using)
    queryset = entries_for_indexing(using).order_by("pk")
    total = queryset.count()
    done = 0
    with transaction.atomic(using=using):
        backend.clear()
        batch = []
        for entry in queryset.iterator(chunk_size=REBUILD_BATCH):
            batch.append(build_document(entry, entry.topics.all()))
            if len(batch) == REBUILD_BATCH:
                backend.save(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        backend.save(batch)
        done += len(batch)
    if progress:
        progress(done, total)
    return done

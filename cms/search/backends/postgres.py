"""PostgreSQL: a weighted ``tsvector`` per entry with a GIN index, ranked by ``ts_rank``.

Built with ``django.contrib.postgres.search``. The text is analysed first
(``cms.search.text``), so Chinese reaches PostgreSQL as space-separated
bigrams that its parser keeps as words; the ``english`` configuration stems
English words and leaves CJK tokens as they are. The candidates queryset
(the public rule of ``cms.publishing``) and the match are one SQL query.
"""

from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet, Value

from cms.search.backends import Hit, SearchBackend
from cms.search.documents import Document
from cms.search.models import SearchDocument
from cms.search.query import Query, Term

CONFIG = "english"
VECTOR = "search_document__vector"
# ts_rank divides by 1 + log(document length), as BM25 favours short fields.
NORMALIZATION = 1


def tsquery_text(query: Query) -> str:
    """``to_tsquery`` syntax for ``query``; every token is a quoted lexeme.

    Tokens hold only letters and digits (``cms.search.query``), so they
    cannot close the quotes or add operators.
    """
    return " & ".join(f"({term_text(term)})" for term in query.terms)


def term_text(term: Term) -> str:
    lexemes = [f"'{token}'" for token in term.tokens]
    if term.prefix:
        return lexemes[0] + ":*"
    return " <-> ".join(lexemes)


def search_query(query: Query) -> SearchQuery:
    return SearchQuery(tsquery_text(query), config=CONFIG, search_type="raw")


def document_vector(document: Document) -> SearchVector:
    """Weights A (title), B (summary, topics), C (paper authors, ids), D (body)."""
    return (
        SearchVector(Value(document.title), config=CONFIG, weight="A")
        + SearchVector(Value(f"{document.summary} {document.topics}"), config=CONFIG, weight="B")
        + SearchVector(Value(document.source), config=CONFIG, weight="C")
        + SearchVector(Value(document.body), config=CONFIG, weight="D")
    )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def save(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        SearchDocument.objects.using(self.using).bulk_create(
            [
                SearchDocument(entry_id=doc.entry_id, vector=document_vector(doc))
                for doc in documents
            ],
            update_conflicts=True,
            unique_fields=["entry"],
            update_fields=["vector"],
        )

    def remove(self, entry_ids: Iterable[int]) -> None:
        SearchDocument.objects.using(self.using).filter(entry_id__in=list(entry_ids)).delete()

    def clear(self) -> None:
        SearchDocument.objects.using(self.using).all().delete()

    def count(self, query: Query, candidates: QuerySet) -> int:
        if not query:
            return 0
        return candidates.filter(**{VECTOR: search_query(query)}).count()

    def hits(self, query: Query, candidates: QuerySet, offset: int, limit: int) -> list[Hit]:
        if not query:
            return []
        tsquery = search_query(query)
        rows = (
            candidates.filter(**{VECTOR: tsquery})
            .annotate(score=SearchRank(F(VECTOR), tsquery, normalization=NORMALIZATION))
            .order_by("-score", "-publish_at", "-pk")
            .values_list("pk", "score")[offset : offset + limit]
        )
        return [Hit(entry_id, score) for entry_id, score in rows]

    def filter(self, queryset: QuerySet, query: Query) -> QuerySet:
        if not query:
            return queryset.none()
        return queryset.filter(**{VECTOR: search_query(query)})

    def size(self) -> int | None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [SearchDocument._meta.db_table])
            return cursor.fetchone()[0]

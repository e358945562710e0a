"""PostgreSQL: a weighted ``tsvector`` per entry with a GIN index, ranked by ``ts_rank``.

Built with ``django.contrib.postgres.search``. The text is analysed first
(``cms.search.text``), so Chinese reaches PostgreSQL as space-separated
bigrams that its parser keeps as words; the ``english`` configuration stems
English words and leaves CJK tokens as they are. The candidates queryset
(the public rule of ``cms.publishing``) and the match are one SQL query.

PostgreSQL refuses a ``tsvector`` of more than 1 MB of lexemes and
positions, which diverse Chinese text (a bigram per character) passes well
within the length limit of a body. Rather than refuse such an entry, the
index keeps the longest opening of its text that surely fits: the whole of
any ordinary article, the first tens of thousands of characters of the
most diverse ones. PostgreSQL keeps no word positions past 16,383 anyway.
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet, Value

from cms.search.backends.base import Hit, SearchBackend
from cms.search.documents import FIELDS, Document
from cms.search.models import SearchDocument
from cms.search.query import Query, Term

CONFIG = "english"
VECTOR = "search_document__vector"
# ts_rank divides by 1 + log(document length), as BM25 favours short fields.
NORMALIZATION = 1
# PostgreSQL refuses more than 1,048,575 bytes of lexemes and positions in one
# tsvector; the estimate below never counts less than it stores, and the rest
# is room for the parser splitting a token where our analyser did not.
VECTOR_BUDGET = 700_000
# Per lexeme PostgreSQL stores its bytes, at most one byte of alignment, a
# two-byte position count and two bytes per position, of which it keeps 256.
LEXEME_OVERHEAD = 3
POSITION_BYTES = 2
MAX_POSITIONS = 256


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


class VectorSizeEstimate:
    """A running upper bound of the bytes PostgreSQL needs for the tokens taken so far.

    Tokens are counted as written and as lower-cased, whichever is longer, and
    case variants as different lexemes: stemming and stop words only shrink
    what PostgreSQL stores, so the estimate is never below it unless
    PostgreSQL's parser splits a token that ours kept whole.
    """

    def __init__(self, budget: int) -> None:
        self.left = budget
        self.positions: dict[str, int] = {}

    def cost(self, token: str) -> int:
        seen = self.positions.get(token)
        if seen is None:
            size = max(len(token.encode()), len(token.lower().encode()))
            return size + LEXEME_OVERHEAD + POSITION_BYTES
        return POSITION_BYTES if seen < MAX_POSITIONS else 0

    def opening(self, text: str) -> str:
        """The longest opening of ``text`` (space-separated tokens) within what is left."""
        tokens = text.split()
        for taken, token in enumerate(tokens):
            cost = self.cost(token)
            if cost > self.left:
                return " ".join(tokens[:taken])
            self.left -= cost
            self.positions[token] = self.positions.get(token, 0) + 1
        return text


def within_vector_limit(document: Document) -> Document:
    """``document`` cut, most weighty fields first, to what one ``tsvector`` can hold."""
    estimate = VectorSizeEstimate(VECTOR_BUDGET)
    return replace(document, **{name: estimate.opening(getattr(document, name)) for name in FIELDS})


def document_vector(document: Document) -> SearchVector:
    """Weights A (title), B (summary, topics), C (paper authors, ids), D (body)."""
    document = within_vector_limit(document)
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

"""What of an entry is searchable, as analysed text per weighted field.

Every entry is indexed whatever its status: the admin searches drafts too,
and a scheduled entry becomes public with time, not with a save. What the
public may find is decided at query time by ``cms.publishing``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from cms.search.text import html_to_text, index_text

# The columns every backend stores, from most to least weighty.
FIELDS = ("title", "summary", "topics", "source", "body")


@dataclass(frozen=True)
class Document:
    entry_id: int
    title: str
    summary: str
    topics: str
    source: str
    body: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in FIELDS)


def topic_names(topics: Iterable) -> list[str]:
    """Every display name of every topic, so a topic finds its entries in any language."""
    names = []
    for topic in topics:
        names.append(topic.name)
        names.extend(str(name) for name in (topic.names or {}).values() if name)
    return names


def source_text(entry) -> str:
    """The paper's own authors and its identifiers, as one searchable text."""
    return " ".join([entry.paper_authors, entry.arxiv_id, entry.doi]).strip()


def build_document(entry, topics: Iterable | None = None) -> Document:
    """The document of ``entry``; ``topics`` saves a query when already loaded.

    ``source`` holds the paper's own authors and its identifiers, so a reader
    can search for an author or paste an arXiv id or a DOI.
    """
    if topics is None:
        topics = entry.topics.all()
    return Document(
        entry_id=entry.pk,
        title=index_text(entry.title),
        summary=index_text(entry.summary),
        topics=index_text(" ".join(topic_names(topics))),
        source=index_text(source_text(entry)),
        body=index_text(html_to_text(entry.body_html)),
    )

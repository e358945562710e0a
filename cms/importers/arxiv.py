"""Import papers from the arXiv API: a saved answer, a list of ids, or a query.

Each paper becomes one English entry keyed by its version-stripped arXiv
id, so importing it again changes nothing and a newer version of a paper
updates its entry (with one revision) instead of adding a second one. The
abstract is plain text, escaped for Markdown paragraph by paragraph, so
markup or LaTeX in it reaches readers as the characters the authors typed.
Categories become topics through the team's table (``arxiv_topics``); the
codes of other schemes, the journal reference, the authors' comment and the
paper's own dates have fields of their own, shown on the entry's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

from cms.importers.arxiv_client import ArxivClient, fetch_ids, fetch_query
from cms.importers.arxiv_feed import Paper, read_papers
from cms.importers.arxiv_topics import CategoryTopics
from cms.importers.base import Progress, import_transaction, read_stream
from cms.importers.report import SKIP, ImportResult
from cms.importers.text import collapse_whitespace, plain_to_markdown, slug_from, truncate
from cms.importers.topics import TopicFinder
from cms.importers.writer import EntryData, EntryWriter
from cms.models import Entry
from cms.publishing import Status

SUMMARY_LENGTH = 300
#: Longest kept journal reference and comment; the model's field lengths.
FIELD_LENGTHS = {"journal_ref": 300, "paper_comment": 500}


def _fitted(fields: dict, not_kept: list[str]) -> dict:
    for name, limit in FIELD_LENGTHS.items():
        if len(fields[name]) > limit:
            not_kept.append(f"{name} after its first {limit} characters: {fields[name][limit:]}")
            fields[name] = fields[name][:limit]
    return fields


def entry_data(paper: Paper, label: str, status: str, topics: CategoryTopics) -> EntryData:
    """The entry for ``paper``: which fields the import owns and which it only sets once."""
    not_kept = list(paper.not_kept)
    classification = list(paper.classification)
    entry_topics = []
    for code in paper.categories:
        topic = topics.topic_for(code, label)
        if topic is None:
            classification.append(code)  # the team maps it to no topic
        elif topic not in entry_topics:
            entry_topics.append(topic)
    fields = {
        "language": "en",
        "title": paper.title,
        "summary": truncate(collapse_whitespace(" ".join(paper.abstract)), SUMMARY_LENGTH),
        "body": "\n\n".join(plain_to_markdown(paragraph) for paragraph in paper.abstract),
        "paper_authors": "\n".join(paper.authors),
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "source_url": paper.pdf_url or paper.abs_url,
        "journal_ref": paper.journal_ref,
        "paper_comment": paper.comment,
        "paper_published": paper.published,
        "paper_updated": paper.updated,
        "classification": "\n".join(classification),
        "import_meta": {
            "source": "arxiv",
            "version": paper.version,
            "abs_url": paper.abs_url,
            "pdf_url": paper.pdf_url,
            "primary_category": paper.primary_category,
            "categories": paper.categories,
        },
    }
    return EntryData(
        ref=f"arxiv:{paper.arxiv_id}",
        label=label,
        fields=_fitted(fields, not_kept),
        slug=slug_from(paper.title) or slug_from(f"arxiv {paper.arxiv_id}"),
        status=status,
        reason=f"arXiv ({paper.versioned_id})",
        topics=entry_topics,
        not_kept=not_kept,
    )


def import_papers(
    papers: Iterable[Paper | str],
    *,
    source: str,
    status: str = Status.DRAFT,
    dry_run: bool = False,
    progress: Progress | None = None,
    result: ImportResult | None = None,
) -> ImportResult:
    """Write ``papers`` in one transaction; a string among them is a line for the report."""
    result = result or ImportResult(source=source, dry_run=dry_run)
    items = list(papers)
    writer = EntryWriter(result, "arXiv")
    topics = CategoryTopics(TopicFinder(result))
    with import_transaction(dry_run):
        for number, paper in enumerate(items, 1):
            if isinstance(paper, str):
                result.add(SKIP, source, paper)
                continue
            label = f"entry {number} (arXiv {paper.versioned_id})"
            existing = Entry.objects.filter(import_ref=f"arxiv:{paper.arxiv_id}").first()
            stored = (existing.import_meta or {}).get("version") if existing else None
            if stored and paper.version and paper.version < stored:
                result.add(SKIP, label, f"older than the stored version v{stored}")
            else:
                writer.write(entry_data(paper, label, status, topics))
            if progress:
                progress(number, len(items), paper.versioned_id)
    return result


def import_arxiv(stream: BinaryIO, *, source: str = "arXiv feed", **options) -> ImportResult:
    """Import a saved arXiv API answer (an Atom feed) from the binary ``stream``."""
    papers = read_papers(read_stream(stream, source), source)
    return import_papers(papers, source=source, **options)


def import_arxiv_ids(
    ids: list[str], *, client: ArxivClient | None = None, **options
) -> ImportResult:
    """Fetch the papers with these ids from the arXiv API and import them."""
    source = f"arXiv ids {', '.join(ids[:3])}" + (
        f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    )
    papers, missing = fetch_ids(client or ArxivClient.from_settings(), ids)
    result = ImportResult(source=source, dry_run=options.get("dry_run", False))
    for arxiv_id in missing:
        result.add(SKIP, f"arXiv {arxiv_id}", "the arXiv API has no paper with this id")
    return import_papers(papers, source=source, result=result, **options)


def import_arxiv_query(
    query: str,
    *,
    since: datetime | None = None,
    limit: int = 500,
    client: ArxivClient | None = None,
    **options,
) -> ImportResult:
    """Fetch the papers matching an arXiv API query (newest first, down to ``since``)."""
    source = f"arXiv query {query!r}" + (f" since {since:%Y-%m-%d}" if since else "")
    papers = list(fetch_query(client or ArxivClient.from_settings(), query, since, limit))
    return import_papers(papers, source=source, **options)

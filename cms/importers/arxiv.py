"""Import papers from an arXiv API Atom feed (the answer of export.arxiv.org/api/query).

Each ``<entry>`` becomes one English entry keyed by its version-stripped
arXiv id, so importing the same feed again changes nothing and a newer
version of a paper updates its entry (with a revision) instead of adding a
second one. The XML is parsed by defusedxml with DTDs forbidden: arXiv feeds
never have one, and a DTD is how entity bombs and external entities arrive.
Titles and abstracts are plain text and are escaped for Markdown, so markup
or LaTeX in them reaches readers as the characters the authors typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from cms.exceptions import ImportFailed
from cms.importers.arxiv_categories import CHINESE_NAMES, readable_name
from cms.importers.base import SKIP, ImportResult, Progress, import_transaction, read_stream
from cms.importers.text import collapse_whitespace, plain_to_markdown, slug_from, truncate
from cms.importers.writer import EntryData, EntryWriter, TopicFinder
from cms.languages import language_codes
from cms.publishing import Status

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_ABS_ID_RE = re.compile(
    r"^https?://(?:export\.)?arxiv\.org/abs/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$"
)
_CATEGORY_RE = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class Paper:
    """What one feed entry says about a paper."""

    arxiv_id: str
    version: int | None
    title: str
    abstract: str
    authors: list[str]
    doi: str
    primary_category: str
    categories: list[str]
    abs_url: str
    pdf_url: str
    published: str
    updated: str
    comment: str
    journal_ref: str

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id


def parse_feed(data: bytes, source: str) -> list[Element]:
    """The feed's ``<entry>`` elements, or ``ImportFailed`` saying why the XML was refused."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden as error:
        pointer = f" pointing at {error.sysid}" if error.sysid else ""
        raise ImportFailed(
            source,
            f"the XML has a document type declaration (<!DOCTYPE {error.name}>{pointer}). "
            "arXiv feeds never have one, and a DTD can declare entities that expand to "
            "gigabytes (an XML bomb) or read local files and URLs, so the file was refused.",
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as error:
        raise ImportFailed(
            source, f"the XML uses entities ({error}); arXiv feeds never do, so it was refused."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ImportFailed(
            source,
            f"the file is not well-formed XML ({str(error).split(':')[0]}).",
            location=f"line {line}, column {column + 1}",
        ) from None
    except (LookupError, ValueError) as error:  # unknown or unsupported declared encoding
        raise ImportFailed(source, f"the XML cannot be decoded ({error}).") from None
    if root.tag != f"{ATOM}feed":
        raise ImportFailed(
            source,
            f"the root element is <{root.tag}>, not an Atom <feed>; expected the answer of "
            "the arXiv API (export.arxiv.org/api/query).",
        )
    return root.findall(f"{ATOM}entry")


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return collapse_whitespace(found.text or "") if found is not None else ""


def _check_url(url: str, source: str, label: str) -> str:
    if url and not re.match(r"^https?://", url, re.IGNORECASE):
        raise ImportFailed(source, f"link {url!r} is not an http(s) address.", location=label)
    return url


def _date(value: str, tag: str, source: str, label: str) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFailed(
            source, f"<{tag}> {value!r} is not an ISO 8601 date and time.", location=label
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def read_paper(element: Element, number: int, source: str) -> Paper:
    """The paper in the ``number``-th ``<entry>``; errors name the entry and the element."""
    raw_id = _text(element, f"{ATOM}id")
    label = f"entry {number}" + (f" ({raw_id})" if raw_id else "")
    if "arxiv.org/api/errors" in raw_id:
        raise ImportFailed(
            source, f"the arXiv API answered with an error: {_text(element, f'{ATOM}summary')}"
        )
    match = _ABS_ID_RE.match(raw_id)
    if not match:
        raise ImportFailed(
            source,
            f"<id> {raw_id!r} is not an arXiv abstract address such as "
            "http://arxiv.org/abs/2401.01234v1.",
            location=label,
        )
    title = _text(element, f"{ATOM}title")
    abstract = (element.findtext(f"{ATOM}summary") or "").strip()
    if not title:
        raise ImportFailed(source, "<title> is missing or empty.", location=label)
    if not abstract:
        raise ImportFailed(source, "<summary> (the abstract) is missing or empty.", location=label)
    links = {"abs": "", "pdf": ""}
    for link in element.findall(f"{ATOM}link"):
        href = _check_url(link.get("href", "").strip(), source, label)
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            links["pdf"] = links["pdf"] or href
        elif link.get("rel", "alternate") == "alternate":
            links["abs"] = links["abs"] or href
    primary = element.find(f"{ARXIV}primary_category")
    terms = [category.get("term", "").strip() for category in element.findall(f"{ATOM}category")]
    primary_term = primary.get("term", "").strip() if primary is not None else ""
    categories = [t for t in dict.fromkeys([primary_term, *terms]) if _CATEGORY_RE.match(t)]
    return Paper(
        arxiv_id=match.group("id"),
        version=int(match.group("version")) if match.group("version") else None,
        title=title,
        abstract=abstract,
        authors=[
            _text(author, f"{ATOM}name")
            for author in element.findall(f"{ATOM}author")
            if _text(author, f"{ATOM}name")
        ],
        doi=(_text(element, f"{ARXIV}doi").split() or [""])[0],
        primary_category=primary_term if _CATEGORY_RE.match(primary_term) else "",
        categories=categories,
        abs_url=links["abs"] or f"https://arxiv.org/abs/{match.group('id')}",
        pdf_url=links["pdf"],
        published=_date(_text(element, f"{ATOM}published"), "published", source, label),
        updated=_date(_text(element, f"{ATOM}updated"), "updated", source, label),
        comment=_text(element, f"{ARXIV}comment"),
        journal_ref=_text(element, f"{ARXIV}journal_ref"),
    )


def entry_data(paper: Paper, label: str, status: str, topics: TopicFinder) -> EntryData:
    """The entry for ``paper``: which fields the import owns and which it only sets once."""
    abstract = collapse_whitespace(paper.abstract)
    meta = {
        "source": "arxiv",
        "version": paper.version,
        "published": paper.published,
        "updated": paper.updated,
        "abs_url": paper.abs_url,
        "pdf_url": paper.pdf_url,
        "primary_category": paper.primary_category,
        "categories": paper.categories,
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
    }
    chinese = "zh-hans" in language_codes()
    return EntryData(
        ref=f"arxiv:{paper.arxiv_id}",
        label=label,
        fields={
            "language": "en",
            "title": paper.title,
            "summary": truncate(abstract, SUMMARY_LENGTH),
            "body": plain_to_markdown(abstract),
            "paper_authors": "\n".join(paper.authors),
            "arxiv_id": paper.arxiv_id,
            "doi": paper.doi,
            "source_url": paper.pdf_url or paper.abs_url,
            "import_meta": meta,
        },
        slug=slug_from(paper.title) or slug_from(f"arxiv {paper.arxiv_id}"),
        status=status,
        reason=f"arXiv ({paper.versioned_id})",
        topics=[
            topics.by_slug(
                slug_from(term, max_length=80),
                readable_name(term),
                {"zh-hans": CHINESE_NAMES[term]} if chinese and term in CHINESE_NAMES else {},
                label,
            )
            for term in paper.categories
        ],
    )


def import_arxiv(
    stream: BinaryIO,
    *,
    source: str = "arXiv feed",
    status: str = Status.DRAFT,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import an arXiv API Atom feed from the binary ``stream``; see the module docstring."""
    result = ImportResult(source=source, dry_run=dry_run)
    elements = parse_feed(read_stream(stream, source), source)
    papers = [read_paper(element, number, source) for number, element in enumerate(elements, 1)]
    writer = EntryWriter(result, "arXiv")
    topics = TopicFinder(result)
    with import_transaction(dry_run):
        for number, paper in enumerate(papers, 1):
            label = f"entry {number} (arXiv {paper.versioned_id})"
            existing = writer.find(f"arxiv:{paper.arxiv_id}")
            stored = (existing.import_meta or {}).get("version") if existing else None
            if stored and paper.version and paper.version < stored:
                result.add(SKIP, label, f"older than the stored version v{stored}")
            else:
                writer.write(entry_data(paper, label, status, topics))
            if progress:
                progress(number, len(papers), paper.versioned_id)
    return result

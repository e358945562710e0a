"""Read the papers out of an arXiv API answer (an Atom feed), keeping everything it says.

The XML is parsed by defusedxml with DTDs forbidden: arXiv feeds never have
one, and a DTD is how entity bombs and external entities arrive. Every
``<category>`` is kept: those in arXiv's own scheme (``cs.LG``) become
topics, all others (MSC ``68U35``, ACM ``H.5.4; H.3.5``) the paper's
classification. An element of an entry that the CMS has no place for is
listed in ``Paper.not_kept``, so the report can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from cms.exceptions import ImportFailed
from cms.importers.text import collapse_whitespace

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_ABS_ID_RE = re.compile(
    r"^https?://(?:export\.)?arxiv\.org/abs/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$"
)
#: The shape of arXiv's own categories (``cs.LG``, ``hep-th``); anything else is another scheme.
ARXIV_CATEGORY_RE = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")
# A line break followed by indentation starts a new paragraph in arXiv's abstracts.
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")
_USED = {
    f"{ATOM}{name}"
    for name in ("id", "title", "summary", "author", "link", "category", "published", "updated")
} | {f"{ARXIV}{name}" for name in ("primary_category", "doi", "comment", "journal_ref")}


@dataclass(frozen=True)
class Paper:
    """What one feed entry says about a paper."""

    arxiv_id: str
    version: int | None
    title: str
    abstract: list[str]  # its paragraphs, each with its line breaks collapsed
    authors: list[str]
    doi: str
    primary_category: str
    categories: list[str]  # arXiv's own, the primary one first
    classification: list[str]  # every other scheme's codes
    abs_url: str
    pdf_url: str
    published: datetime | None
    updated: datetime | None
    comment: str
    journal_ref: str
    not_kept: list[str] = field(default_factory=list)

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id


def parse_feed(data: bytes, source: str) -> Element:
    """The feed's root element, or ``ImportFailed`` saying why the XML was refused."""
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
    return root


def total_results(root: Element) -> int | None:
    """How many papers the query matches in all, as the feed says."""
    text = (root.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    return int(text) if text.isdigit() else None


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return collapse_whitespace(found.text or "") if found is not None else ""


def _check_url(url: str, source: str, label: str) -> str:
    if url and not re.match(r"^https?://", url, re.IGNORECASE):
        raise ImportFailed(source, f"link {url!r} is not an http(s) address.", location=label)
    return url


def _date(value: str, tag: str, source: str, label: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFailed(
            source, f"<{tag}> {value!r} is not an ISO 8601 date and time.", location=label
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def abstract_paragraphs(text: str) -> list[str]:
    """The abstract's paragraphs: arXiv starts each new one on an indented line."""
    parts = _PARAGRAPH_BREAK_RE.split(text.strip())
    return [collapse_whitespace(part) for part in parts if part.strip()]


def _short_name(tag: str) -> str:
    return tag.replace(ATOM, "").replace(ARXIV, "arxiv:")


def _authors(element: Element, not_kept: list[str]) -> list[str]:
    names = []
    for author in element.findall(f"{ATOM}author"):
        name = _text(author, f"{ATOM}name")
        if name:
            names.append(name)
        for extra in author:
            if extra.tag != f"{ATOM}name" and (extra.text or "").strip():
                not_kept.append(
                    f"{_short_name(extra.tag)} of {name or 'an author'}: "
                    f"{collapse_whitespace(extra.text or '')}"
                )
    return names


def _categories(element: Element) -> tuple[str, list[str], list[str]]:
    """The primary category, arXiv's categories and the codes of other schemes."""
    primary = element.find(f"{ARXIV}primary_category")
    primary_term = primary.get("term", "").strip() if primary is not None else ""
    terms = [c.get("term", "").strip() for c in element.findall(f"{ATOM}category")]
    arxiv_terms, others = [], []
    for term in dict.fromkeys([primary_term, *terms]):
        if ARXIV_CATEGORY_RE.match(term):
            arxiv_terms.append(term)
        else:
            others += [code.strip() for code in re.split(r"[;,]", term) if code.strip()]
    primary_kept = primary_term if ARXIV_CATEGORY_RE.match(primary_term) else ""
    return primary_kept, arxiv_terms, list(dict.fromkeys(others))


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
    abstract = abstract_paragraphs(element.findtext(f"{ATOM}summary") or "")
    if not title:
        raise ImportFailed(source, "<title> is missing or empty.", location=label)
    if not abstract:
        raise ImportFailed(source, "<summary> (the abstract) is missing or empty.", location=label)
    not_kept = [
        f"{_short_name(child.tag)}: {collapse_whitespace(child.text or '')}".rstrip(": ")
        for child in element
        if child.tag not in _USED
    ]
    links = {"abs": "", "pdf": ""}
    for link in element.findall(f"{ATOM}link"):
        href = _check_url(link.get("href", "").strip(), source, label)
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            links["pdf"] = links["pdf"] or href
        elif link.get("rel", "alternate") == "alternate":
            links["abs"] = links["abs"] or href
        elif link.get("title") != "doi":  # the DOI itself is kept
            not_kept.append(f"link {link.get('title') or link.get('rel')}: {href}")
    primary, categories, classification = _categories(element)
    return Paper(
        arxiv_id=match.group("id"),
        version=int(match.group("version")) if match.group("version") else None,
        title=title,
        abstract=abstract,
        authors=_authors(element, not_kept),
        doi=(_text(element, f"{ARXIV}doi").split() or [""])[0],
        primary_category=primary,
        categories=categories,
        classification=classification,
        abs_url=links["abs"] or f"https://arxiv.org/abs/{match.group('id')}",
        pdf_url=links["pdf"],
        published=_date(_text(element, f"{ATOM}published"), "published", source, label),
        updated=_date(_text(element, f"{ATOM}updated"), "updated", source, label),
        comment=_text(element, f"{ARXIV}comment"),
        journal_ref=_text(element, f"{ARXIV}journal_ref"),
        not_kept=not_kept,
    )


def read_papers(data: bytes, source: str) -> list[Paper]:
    root = parse_feed(data, source)
    return [
        read_paper(e, number, source) for number, e in enumerate(root.findall(f"{ATOM}entry"), 1)
    ]

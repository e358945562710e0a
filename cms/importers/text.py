"""Text helpers for importers: plain text as Markdown, titles, summaries and slugs.

Imported abstracts are plain text, not Markdown: ``a_i * b_i`` or a literal
``<img ...>`` in an arXiv title must reach the reader as those very
characters, not as emphasis or markup. ``plain_to_markdown`` escapes exactly
what the CommonMark renderer would otherwise interpret, so the stored body
stays readable in the editor and renders to the original text. The one
exception is TeX between dollar signs (``$6\times$``), which abstracts use for
formulas: it is kept as written and renders as math.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.utils.text import slugify

from cms.conf import conf

SLUG_MAX_LENGTH = 60
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# "]" alone is literal in CommonMark, and "\]" after "\[" would open display math.
_INLINE_SPECIAL_RE = re.compile(r"([\\`*_\[|~$])")
# Inline math as the renderer reads it: no space inside the dollars, no digit after.
_MATH_SPAN_RE = re.compile(r"\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?!\d)")
# "<" that could open a tag, comment or autolink; "x < y" is left alone.
_TAG_OPEN_RE = re.compile(r"<(?=[A-Za-z/!?])")
# "&" that would be read as an entity (&lt; &#60; &#x3C;); "AT&T" is left alone.
_ENTITY_RE = re.compile(r"&(?=#\d+;|#[xX][0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_BLOCK_MARKER_RE = re.compile(r"^(#+|>|[-+](?=\s|$)|(\d+)([.)])(?=\s|$)|-+$)")
# Markers best written as an entity: a "~~~" fence, an "===" underline.
_ENTITY_MARKER_RE = re.compile(r"^(~{3,}|=+$)")


def _escape_text(text: str) -> str:
    text = _ENTITY_RE.sub("&amp;", text)
    text = _TAG_OPEN_RE.sub("&lt;", text)
    return _INLINE_SPECIAL_RE.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    line = line.strip()
    pieces, position = [], 0
    for math in _MATH_SPAN_RE.finditer(line):
        pieces += [_escape_text(line[position : math.start()]), math.group()]
        position = math.end()
    line = "".join(pieces) + _escape_text(line[position:])
    if _ENTITY_MARKER_RE.match(line):
        return f"&#{ord(line[0])};{line[1:]}"
    marker = _BLOCK_MARKER_RE.match(line)
    if marker:
        if marker.group(2) is not None:  # "1. " or "1) " would start an ordered list
            return f"{marker.group(2)}\\{marker.group(3)}{line[marker.end() :]}"
        return "\\" + line
    return line


def plain_to_markdown(text: str) -> str:
    """Markdown that renders to ``text``: lines kept, blank lines start new paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    escaped = ["\n".join(_escape_line(line) for line in p.splitlines()) for p in paragraphs]
    return "\n\n".join(p for p in escaped if p)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary (any character in CJK) with "…"."""
    text = collapse_whitespace(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:，、；：") + "…"


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])|(?<=[。！？])")
_CLAUSE_END_RE = re.compile(r"(?<=[,;:])\s+|\s+[—–]\s+|(?<=[，；：、])|(?<=,)(?=[^\s\d])")
_TRAILING_PUNCTUATION = " ,;:.。，；：、!?！？"


def first_clause(text: str, limit: int, *, at_least: int) -> str:
    """A short title from running text: its first clause, or first clauses until ``at_least``
    characters, never past the first sentence, shortened to ``limit`` at a word boundary."""
    text = collapse_whitespace(text)
    sentence = _SENTENCE_END_RE.split(text, maxsplit=1)[0].strip()
    title = ""
    for clause in _CLAUSE_END_RE.split(sentence):
        title = f"{title}{clause}" if not title or _CJK_RE.match(clause) else f"{title} {clause}"
        if len(title.strip(_TRAILING_PUNCTUATION)) >= at_least:
            break
    title = title.strip(_TRAILING_PUNCTUATION) or text
    return truncate(title, limit)


def stable_hash(text: str, length: int = 10) -> str:
    """A short hex digest of ``text`` after Unicode and whitespace normalisation."""
    normal = collapse_whitespace(unicodedata.normalize("NFC", text))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:length]


def pinyin_slugs() -> bool:
    """Whether Chinese text gives pinyin slugs (``CMS_PINYIN_SLUGS``, on by default)."""
    return bool(conf.CMS_PINYIN_SLUGS)


def romanised(text: str) -> str:
    """Chinese characters as pinyin syllables without tones; other text as it is."""
    from pypinyin import lazy_pinyin  # its dictionaries load on first use, not at start-up

    return " ".join(lazy_pinyin(text, errors="default"))


def slug_from(text: str, *, max_length: int = SLUG_MAX_LENGTH, language: str | None = None) -> str:
    """A URL slug (lowercase ASCII, single hyphens) from ``text``, or ``""`` if none can be made.

    Dots become hyphens first so that "cs.LG" gives "cs-lg", not "cslg".
    Chinese text (``language`` Chinese or not given) is written in pinyin,
    "量化方法" → "liang-hua-fang-fa", unless ``CMS_PINYIN_SLUGS`` is off; other
    scripts slugify cannot write give ``""``, and callers fall back to an id or a hash.
    """
    chinese = language is None or language.startswith("zh")
    if chinese and _CJK_RE.search(text) and pinyin_slugs():
        text = romanised(text)
    slug = slugify(text.replace(".", "-").replace("_", "-"))
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-")


def unique_slug(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first for which ``taken(slug)`` is false."""
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"

"""Every URL-bearing value of an HTML document, with the span of its raw text.

``links.process`` finds a page's links and respells them from these spans,
so every other byte stays as Django rendered it. The document is read the way
the standard library's ``html.parser`` (Python 3.11) tokenizes it, the reader
the export used before: URLs in comments, text, ``<script>`` bodies, CDATA or
declarations are not links, markup that never closes is text, a ``<script>``
or ``<style>`` without an end tag hides the rest of the page, and attribute
values come out (quotes, entities, repeats) exactly as it gave them.

For speed, one compiled expression consumes everything that cannot hold a ref
(text, end tags, comments, declarations, and start tags of other elements
written plainly), and Python only looks at start tags of URL-bearing
elements and at anything unusual. ``tests/test_export_link_scanner.py`` keeps
the old ``html.parser`` scanner as the oracle both are compared against.
"""

import functools
import html
import re
import string
from typing import NamedTuple

from cms.exceptions import ExportError

URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "object": ("data",),
}
ABSOLUTE_RELS = {"canonical", "alternate", "shortlink"}
URL_META = {
    "og:url",
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "og:video",
    "og:audio",
    "twitter:image",
}

TAGS_TO_READ = {*URL_ATTRIBUTES, "meta", "script", "style"}
LETTERS = frozenset(string.ascii_letters)
UNFINISHED = LETTERS | {"=", "/"}
QUOTES = {"'", '"'}
MARKED_SECTIONS = {"temp", "cdata", "ignore", "include", "rcdata"}
CONDITIONAL_SECTIONS = {"if", "else", "endif"}

# html.parser's grammar for a start tag, its name and each attribute.
TAG_END = re.compile(
    r"<([a-zA-Z][^\t\n\r\f />\x00]*)"
    r"(?:[\s/]*(?:(?<=['\"\s/])[^\s/>][^\s/=>]*"
    r"(?:\s*=+\s*(?:'[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*"
)
TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
RAW_TEXT_END = {tag: re.compile(rf"</\s*({tag})\s*>", re.I) for tag in ("script", "style")}
DECLARATION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
MARKED_SECTION_END = re.compile(r"]\s*]\s*>")
CONDITIONAL_SECTION_END = re.compile(r"]\s*>")

# A tag written plainly, where that grammar has only one reading: an ASCII
# name, attributes split by ASCII spaces, values in quotes.
SPACE = r"[\t\n\r\f ]"
NAME = r"[a-zA-Z_:@][-a-zA-Z0-9_:.@]*+"
NOT_NAMED = r"(?!(?i:{})(?![-a-zA-Z0-9_:.@]))"
PLAIN_TAG = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9-]*+)((?:{SPACE}++{NAME}(?:=\"[^\"]*+\"|='[^']*+')?)*+){SPACE}*+(/?)>"
)
PLAIN_ATTRIBUTE = re.compile(rf"({NAME})(?:=(\"[^\"]*\"|'[^']*'))?")
NOT_URL_META = "(?!(?i:{}){{0}})[^{{0}}&]*+".format("|".join(sorted(URL_META)))
# Everything up to the next thing that may hold a ref: text, end tags, plain
# start tags of elements without URLs or a style attribute, <meta> tags that
# name no URL property, comments, declarations, processing instructions.
SKIP = re.compile(
    r"(?:[^<]++"
    rf"|<(?!(?i:{'|'.join(sorted(TAGS_TO_READ))})[\t\n\r\f />])[a-zA-Z][a-zA-Z0-9-]*+"
    rf"(?:{SPACE}++{NOT_NAMED.format('style')}{NAME}(?:=\"[^\"]*+\"|='[^']*+')?)*+{SPACE}*+/?>"
    r"|</[^>]*+>"
    rf"|<(?i:meta)(?:{SPACE}++{NOT_NAMED.format('style|http-equiv')}{NAME}"
    rf"(?:=\"{NOT_URL_META.format(chr(34))}\"|='{NOT_URL_META.format(chr(39))}')?)*+"
    rf"{SPACE}*+/?>"
    r"|<!--(?s:.*?)--\s*>|<!(?!--|\[)[^>]*+>|<\?[^>]*+>|<(?![a-zA-Z/!?])"
    r")*+"
)


class Ref(NamedTuple):
    """One URL-bearing value: an attribute value with its quotes, or CSS text.

    ``kind`` says how to read it: ``url``, ``srcset``, ``refresh`` or ``css``
    (a ``style`` attribute or element, or a ``url()`` inside one).
    ``keep_absolute`` marks canonical, alternate and OpenGraph URLs; ``encoded``
    is True for attribute values, which need HTML escaping.
    """

    start: int
    end: int
    value: str
    kind: str = "url"
    keep_absolute: bool = False
    encoded: bool = True


def html_refs(text: str) -> list[Ref]:
    """URL-bearing attribute values and ``<style>`` blocks, in document order."""
    refs: list[Ref] = []
    size = len(text)
    position = 0
    skip, plain_tag = SKIP.match, PLAIN_TAG.match
    while (i := skip(text, position).end()) < size:
        if tag := plain_tag(text, i):
            name, opens_raw_text, found = plain_tag_refs(tag[0])
            refs.extend(Ref(start + i, end + i, *rest) for start, end, *rest in found)
            position = tag.end()
            if opens_raw_text:
                position = raw_text_end(text, name, position, refs)
            continue
        if text[i + 1] in LETTERS:
            position = start_tag(text, i, refs)
        elif text.startswith("<![", i):
            position = marked_section_end(text, i)
        else:
            position = -1
        if position < 0:
            position = after_unfinished(text, i)
    return refs


@functools.lru_cache(maxsize=16_384)
def plain_tag_refs(tag: str) -> tuple[str, bool, tuple[Ref, ...]]:
    """A plain start tag's name, whether a ``<script>``/``<style>`` text follows it, and its
    refs, spanned from the tag's ``<``: most tags of a site (its navigation, each entry's
    card on every list) are written the same on many pages, and are read once."""
    match = PLAIN_TAG.match(tag)
    name = match[1].lower()
    attributes = [
        (pair[1].lower(), *pair.span(2), None if raw is None else html.unescape(raw[1:-1]))
        for pair in PLAIN_ATTRIBUTE.finditer(tag, match.start(2), match.end(2))
        for raw in (pair[2],)
    ]
    refs: list[Ref] = []
    scan_tag(name, attributes, refs)
    return name, name in RAW_TEXT_END and not match[3], tuple(refs)


def start_tag(text: str, i: int, refs: list[Ref]) -> int:
    """Read any start tag at ``i``; the position after it, ``-1`` if it never ends."""
    end = TAG_END.match(text, i).end()
    after = text[end : end + 1]
    if after == ">":
        end += 1
    elif after == "/":
        end = end + 2 if text.startswith("/>", end) else -1
    elif not after or after in UNFINISHED:
        end = -1
    if end < 0:
        return end
    name = TAG_NAME.match(text, i + 1)
    position = name.end()
    attributes = []
    while position < end and (match := ATTRIBUTE.match(text, position)):
        value = match[3]
        if match[2] is None:
            attributes.append((match[1].lower(), -1, -1, None))
        else:
            if value[:1] == value[-1:] and value[:1] in QUOTES:
                value = value[1:-1]
            attributes.append((match[1].lower(), *match.span(3), html.unescape(value)))
        position = match.end()
    closing = text[position:end].strip()
    if closing not in (">", "/>"):
        return end
    tag = name[1].lower()
    scan_tag(tag, attributes, refs)
    if closing == "/>" or tag not in RAW_TEXT_END:
        return end
    return raw_text_end(text, tag, end, refs)


def scan_tag(tag: str, attributes: list, refs: list[Ref]) -> None:
    """The refs of one start tag; of an attribute given twice, the last one decides."""
    values = {name: value for name, _start, _end, value in attributes}
    style = values.get("style")
    if tag == "meta":
        if not (style or values.get("content")):
            return
        refresh = (values.get("http-equiv") or "").lower() == "refresh"
        key = (values.get("property") or values.get("name") or "").lower()
        for name, start, end, value in attributes:
            if value is None:
                continue
            if name == "style":
                refs.append(Ref(start, end, value, "css"))
            elif name == "content" and refresh:
                refs.append(Ref(start, end, value, "refresh"))
            elif name == "content" and key in URL_META:
                refs.append(Ref(start, end, value, keep_absolute=True))
        return
    names = URL_ATTRIBUTES.get(tag, ())
    if not (style or any(values.get(name) for name in names)):
        return
    rels = (values.get("rel") or "").lower().split() if tag == "link" else ()
    keep_absolute = not ABSOLUTE_RELS.isdisjoint(rels)
    for name, start, end, value in attributes:
        if value is None:
            continue
        if name == "style":
            refs.append(Ref(start, end, value, "css"))
        elif name in names:
            refs.append(
                Ref(start, end, value, "srcset" if name == "srcset" else "url", keep_absolute)
            )


def raw_text_end(text: str, tag: str, start: int, refs: list[Ref]) -> int:
    """Skip ``<script>``/``<style>`` text to its end tag; a ``<style>``'s CSS is a ref.

    An end tag spelled with a non-ASCII letter that matches case-insensitively
    (``</ſtyle>``) does not end the element but splits its text. Without an end
    tag the rest of the document is the element's text.
    """
    while match := RAW_TEXT_END[tag].search(text, start):
        data = text[start : match.start()]
        lowered = data.lower()
        if tag == "style" and ("url(" in lowered or "@import" in lowered):
            refs.append(Ref(start, match.start(), data, "css", encoded=False))
        if match[1].isascii():
            return match.end()
        start = match.end()
    return len(text)


def marked_section_end(text: str, i: int) -> int:
    """``<![CDATA[...]]>`` or ``<![if ...]>``: the position after it, ``-1`` if it never ends."""
    name = DECLARATION_NAME.match(text, i + 3)
    if name is not None and name.end() == len(text) or i + 3 == len(text):
        return -1
    keyword = name[0].strip().lower() if name else ""
    if keyword in MARKED_SECTIONS:
        close = MARKED_SECTION_END.search(text, i + 3)
    elif keyword in CONDITIONAL_SECTIONS:
        close = CONDITIONAL_SECTION_END.search(text, i + 3)
    else:
        raise ExportError(f"A page has a marked section that cannot be read: {text[i : i + 20]!r}.")
    return close.end() if close else -1


def after_unfinished(text: str, i: int) -> int:
    """Markup that never ends is text up to the next ``>`` (or just its ``<``)."""
    end = text.find(">", i + 1)
    return end + 1 if end >= 0 else i + 1

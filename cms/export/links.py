"""Every URL a document refers to, with where it sits in the text.

HTML is read with the standard library's ``html.parser`` (a real tokenizer,
so URLs in comments, text or ``<script>`` bodies are not mistaken for links)
and each URL keeps the span of its attribute value, so ``rewrite`` can change
exactly those bytes and leave the rest of the page as Django rendered it.
CSS ``url()``/``@import``, XML (sitemaps, feeds) and JSON (``url``, ``next``
fields) have their own small readers. XML is our own output, parsed with
ElementTree and never fetched from elsewhere.
"""

import html
import html.parser
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

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
JSON_URL_KEYS = {"url", "next", "previous", "href"}
XML_URL_ELEMENTS = {"loc", "link", "url"}
XML_URL_ATTRIBUTES = {"href", "url", "src"}

TAG_NAME = getattr(html.parser, "tagfind_tolerant", re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)"))
ATTRIBUTE = getattr(
    html.parser,
    "attrfind_tolerant",
    re.compile(
        r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
        r"(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*"
    ),
)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^'")\s]+))\s*\)"""
    r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""",
    re.I,
)
REFRESH_URL = re.compile(
    r"^(?P<delay>\s*\d*\.?\d*\s*[;,]?\s*(?:url\s*=\s*)?)(?P<q>['\"]?)(?P<url>.*?)(?P=q)\s*$",
    re.I,
)
ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


@dataclass(frozen=True)
class Ref:
    """One URL-bearing value in a document.

    ``start``/``end`` span the raw value in the text (an attribute value with
    its quotes, or the inside of ``url()``); ``kind`` says how to read it:
    ``url``, ``srcset``, ``refresh`` or ``css`` (a ``style`` attribute or
    element). ``keep_absolute`` marks canonical, alternate and OpenGraph URLs.
    ``encoded`` is True for attribute values, which need HTML escaping.
    """

    start: int
    end: int
    value: str
    kind: str = "url"
    keep_absolute: bool = False
    encoded: bool = True

    def urls(self) -> list[str]:
        if self.kind == "srcset":
            return [url for url, _descriptor in split_srcset(self.value)]
        if self.kind == "refresh":
            url = refresh_url(self.value)
            return [url] if url else []
        if self.kind == "css":
            return [ref.value for ref in css_refs(self.value)]
        return [self.value]


class _Scanner(html.parser.HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.refs: list[Ref] = []
        self.in_style = False

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_style = tag == "style"
        self.scan_tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.scan_tag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style or "url(" not in data.lower() and "@import" not in data.lower():
            return
        start = self.position()
        if self.text[start : start + len(data)] != data:
            raise ExportError("Could not locate a <style> block in the page to rewrite it.")
        self.refs.append(Ref(start, start + len(data), data, "css", encoded=False))

    def scan_tag(self, tag: str, attrs: list) -> None:
        names = URL_ATTRIBUTES.get(tag, ())
        attributes = dict(attrs)
        wanted = [*names, "style"] if "style" in attributes else list(names)
        if tag == "meta":
            wanted.append("content")
        if not any(attributes.get(name) for name in wanted):
            return
        for name, start, end, value in self.attribute_spans(attrs):
            ref = self.classify(tag, name, value, attributes, start, end)
            if ref is not None:
                self.refs.append(ref)

    def classify(self, tag, name, value, attributes, start, end) -> Ref | None:
        if name == "style":
            return Ref(start, end, value, "css")
        if tag == "meta":
            if name != "content":
                return None
            if (attributes.get("http-equiv") or "").lower() == "refresh":
                return Ref(start, end, value, "refresh")
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            return Ref(start, end, value, keep_absolute=True) if key in URL_META else None
        if name not in URL_ATTRIBUTES.get(tag, ()):
            return None
        kind = "srcset" if name == "srcset" else "url"
        rels = set((attributes.get("rel") or "").lower().split())
        return Ref(
            start, end, value, kind, keep_absolute=tag == "link" and bool(rels & ABSOLUTE_RELS)
        )

    def attribute_spans(self, attrs: list) -> Iterator[tuple[str, int, int, str]]:
        """Re-read the raw start tag to find each value's span, checked against the parser."""
        raw = self.get_starttag_text() or ""
        base = self.position()
        if self.text[base : base + len(raw)] != raw:
            raise ExportError("Could not locate a start tag in the page to rewrite it.")
        found = []
        position = TAG_NAME.match(raw, 1).end()
        while position < len(raw):
            match = ATTRIBUTE.match(raw, position)
            if not match:
                break
            name, value = match.group(1).lower(), match.group(3)
            start, end = match.span(3) if value is not None else (-1, -1)
            if value and value[:1] == value[-1:] and value[:1] in {"'", '"'}:
                decoded = html.unescape(value[1:-1])
            else:
                decoded = html.unescape(value) if value else value
            found.append((name, base + start, base + end, decoded))
            position = match.end()
        if [(name, value) for name, _s, _e, value in found] != list(attrs):
            raise ExportError(f"Could not read the attributes of {raw[:80]!r} reliably.")
        for name, start, end, value in found:
            if value is not None and start >= 0:
                yield name, start, end, value


def html_refs(text: str) -> list[Ref]:
    """URL-bearing attribute values and ``<style>`` blocks, in document order."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.refs


def css_refs(text: str) -> list[Ref]:
    """``url(...)`` and ``@import "..."`` values, with the span inside the quotes."""
    blanked = CSS_COMMENT.sub(lambda match: " " * len(match[0]), text)
    refs = []
    for match in CSS_URL.finditer(blanked):
        group = next(name for name in ("dq", "sq", "bare", "idq", "isq") if match[name] is not None)
        value = match[group]
        if value.startswith("data:"):
            continue
        refs.append(Ref(match.start(group), match.end(group), value, encoded=False))
    return refs


def split_srcset(value: str) -> list[tuple[str, str]]:
    """``a.png 1x, b.png 2x`` to ``[("a.png", "1x"), ("b.png", "2x")]``."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            candidates.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return candidates


def refresh_url(content: str) -> str:
    match = REFRESH_URL.match(content)
    return match["url"].strip() if match else ""


def replace_refresh_url(content: str, url: str) -> str:
    """``0; url=/a/`` with ``/a/`` replaced, the delay kept as it was."""
    match = REFRESH_URL.match(content)
    return f"{match['delay']}{url}" if match else content


def xml_urls(body: bytes) -> list[str]:
    """``<loc>``, ``<link>`` and ``href``/``url`` attributes, in any namespace."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise ExportError(f"A view returned XML that is not well-formed: {error}.") from error
    urls = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.rsplit("}", 1)[-1] in XML_URL_ELEMENTS and (element.text or "").strip():
            urls.append(element.text.strip())
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in XML_URL_ATTRIBUTES:
                urls.append(value)
    return urls


def json_urls(data: object) -> list[str]:
    """String values of ``url``, ``next``, ``previous``, ``href`` and ``*_url`` keys."""
    urls = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and is_json_url_key(key):
                urls.append(value)
            else:
                urls.extend(json_urls(value))
    elif isinstance(data, list):
        for item in data:
            urls.extend(json_urls(item))
    return urls


def is_json_url_key(key: object) -> bool:
    return isinstance(key, str) and (key in JSON_URL_KEYS or key.endswith("_url"))


def load_json(body: bytes) -> object:
    try:
        return json.loads(body)
    except ValueError as error:
        raise ExportError(f"A view returned JSON that does not parse: {error}.") from error


def text_urls(text: str) -> list[str]:
    """``Sitemap:`` lines of robots.txt; other plain text carries no links."""
    return ROBOTS_SITEMAP.findall(text)

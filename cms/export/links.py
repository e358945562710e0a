"""Every URL a document refers to, with where it sits in the text.

HTML has its reader in ``html_links`` (URLs in comments, text or
``<script>`` bodies are not mistaken for links), and each URL keeps the span
of its attribute value, so ``rewrite`` can change exactly those bytes and
leave the rest of the page as Django rendered it. CSS ``url()``/``@import``,
XML (sitemaps, feeds) and JSON (``url``, ``next`` fields) have their own
small readers. XML is our own output, parsed with
ElementTree and never fetched from elsewhere.
"""

import json
import re
from typing import NamedTuple
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


class Ref(NamedTuple):
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

"""A document's same-site links, respelled for where the copy is hosted, in one pass.

``process`` reads a rendered or copied document by its Content-Type: HTML
(``html_links``: URLs in comments, text or ``<script>`` bodies are not links),
CSS ``url()``/``@import``, XML (sitemaps, feeds: ``<loc>``, ``<link>``,
``href``), JSON (``url``, ``next``, ``*_url`` fields) and ``robots.txt``
(``Sitemap:`` lines); anything else links to nothing. Every URL found is
located on the site once (``ExportTarget.locate``), which gives both the link
the crawl follows and checks and, for ``--relative`` or a base URL with a path,
its new spelling.

Django renders root-relative links (``/en/...``) and absolute ones from
``CMS_SITE_URL``. Hosted under ``https://example.org/digest/``, root-relative
links need the ``/digest`` prefix; with ``--relative`` every same-site link
becomes a path relative to the file (``../../topics/index.html``), so the copy
works from any folder or from disk. Canonical, alternate and OpenGraph URLs,
JSON fields (a script resolves them against its page, not the JSON file) and
everything in sitemaps and feeds stay absolute or prefixed. Only the spans of
the links found change; when none does (the site at the root of its domain, no
``--relative``), the document's bytes are returned as they came.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import quote
from xml.etree import ElementTree

from cms.exceptions import ExportError
from cms.export.html_links import Ref, html_refs
from cms.export.paths import UnsafePathError, url_to_path
from cms.export.target import ExportTarget

NOT_FOUND_PATH = "/404.html"
url_key = re.compile(r"url|next|previous|href|.*_url", re.S).fullmatch
JSON_KEY_ENDS = (b'url"', b'next"', b'previous"', b'href"')
JSON_STRING_VALUE = re.compile(rb'\s*+:\s*+"([^"\\]*+(?:\\.[^"\\]*+)*+)"')
XML_URL_ELEMENTS = {"loc", "link", "url"}
XML_URL_ATTRIBUTES = {"href", "url", "src"}
RELATIVE_SAFE = "/!$&'()*+,;=@-._~"

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
class Processed:
    """The bytes to write, and the same-site links as ``path`` or ``path?query``."""

    body: bytes
    links: tuple[str, ...]


def process(
    body: bytes, content_type: str, path: str, target: ExportTarget, *, own: bool = False
) -> Processed:
    """Find the links in ``body`` (served at ``path``) and respell them for ``target``.

    The 404 page is served by static hosts at any depth, so it keeps
    root-relative (prefixed) links even with ``--relative``. JSON is parsed to
    check it unless ``own`` (the export's page kinds: ``json.dumps`` output).
    """
    kind = kind_of(content_type)
    if kind == "other":
        return Processed(body, ())
    links = Links(target, path, rewrite=kind in {"html", "css", "json"})
    if kind == "json":
        body = rewrite_json(body, links, check=not own)
    elif kind == "xml":
        for url in xml_urls(body):
            links(url)
    else:
        charset = charset_of(content_type)
        text = body.decode(charset)
        if kind == "text":
            for url in ROBOTS_SITEMAP.findall(text):
                links(url)
        else:
            new_text = rewrite_css(text, links) if kind == "css" else rewrite_html(text, links)
            if new_text is not None and new_text != text:
                body = new_text.encode(charset)
    return Processed(body, tuple(sorted(links.found)))


class Links:
    """The links found in the document at ``page_path``, and the new spelling of each."""

    def __init__(self, target: ExportTarget, page_path: str, *, rewrite: bool) -> None:
        self.target = target
        self.page_path = page_path
        self.relative = target.relative and page_path != NOT_FOUND_PATH
        self.prefix = target.base_path.rstrip("/")
        self.rewrite = rewrite and (self.relative or bool(self.prefix))
        self.folder = url_to_path(page_path).split("/")[:-1] if self.relative else []
        self.found: set[str] = set()

    def __call__(self, raw: str, keep_absolute: bool = False) -> str | None:
        """Note the link ``raw``; its new spelling, or None when it stays as it is."""
        located = self.target.locate(raw, self.page_path)
        if located is None:
            return None
        self.found.add(located.key)
        if not self.rewrite or located.query:
            return None
        fragment = f"#{located.fragment}" if located.fragment else ""
        if located.absolute:
            if self.relative and not keep_absolute:
                return self.relative_link(located.path, fragment)
            return None
        if self.relative:
            if keep_absolute:
                return self.target.absolute(located.path) + fragment
            return self.relative_link(located.path, fragment)
        stripped = raw.strip()
        return self.prefix + stripped if stripped.startswith("/") else None

    def relative_link(self, path: str, fragment: str) -> str | None:
        """What ``posixpath.relpath`` gives for the two files, without its ``abspath`` of each
        against the working directory, which took a third of a ``--relative`` link's time."""
        try:
            parts = url_to_path(path).split("/")
        except UnsafePathError:
            return None
        common = 0
        for ours, theirs in zip(self.folder, parts, strict=False):
            if ours != theirs:
                break
            common += 1
        relative = "/".join([".."] * (len(self.folder) - common) + parts[common:]) or "."
        return quote(relative, safe=RELATIVE_SAFE) + fragment


def kind_of(content_type: str) -> str:
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in {"text/html", "application/xhtml+xml"}:
        return "html"
    if media_type == "text/css":
        return "css"
    if media_type in {"application/xml", "text/xml"} or media_type.endswith("+xml"):
        return "xml"
    if media_type == "application/json" or media_type.endswith("+json"):
        return "json"
    if media_type == "text/plain":
        return "text"
    return "other"


def charset_of(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


def rewrite_html(text: str, links: Links) -> str | None:
    edits = []
    for ref in html_refs(text):
        value = respell(ref, links)
        if value is not None:
            escaped = value.replace("&", "&amp;").replace('"', "&quot;")
            edits.append((ref.start, ref.end, f'"{escaped}"' if ref.encoded else value))
    return apply_edits(text, edits) if edits else None


def respell(ref: Ref, links: Links) -> str | None:
    """The new value of one attribute or style block, or None when it stays as it is."""
    if ref.kind == "css":
        return rewrite_css(ref.value, links)
    if ref.kind == "refresh":
        match = REFRESH_URL.match(ref.value)
        new = links(match["url"].strip() if match else "")
        return None if new is None or not match else f"{match['delay']}{new}"
    if ref.kind == "srcset":
        candidates = split_srcset(ref.value)
        mapped = [(links(url), url, descriptor) for url, descriptor in candidates]
        if all(new is None for new, _url, _descriptor in mapped):
            return None
        return ", ".join(
            f"{new if new is not None else url} {descriptor}".strip()
            for new, url, descriptor in mapped
        )
    return links(ref.value, ref.keep_absolute)


def rewrite_css(text: str, links: Links) -> str | None:
    edits = []
    for ref in css_refs(text):
        new = links(ref.value)
        if new is not None:
            edits.append((ref.start, ref.end, new))
    return apply_edits(text, edits) if edits else None


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping ``(start, end, new)`` spans, leaving the rest intact."""
    pieces = []
    position = 0
    for start, end, new in sorted(edits):
        pieces.append(text[position:start])
        pieces.append(new)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def css_refs(text: str) -> list[Ref]:
    """``url(...)`` and ``@import "..."`` values, with the span inside the quotes."""
    blanked = CSS_COMMENT.sub(lambda match: " " * len(match[0]), text)
    refs = []
    for match in CSS_URL.finditer(blanked):
        group = next(name for name in ("dq", "sq", "bare", "idq", "isq") if match[name] is not None)
        value = match[group]
        if not value.startswith("data:"):
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


def xml_urls(body: bytes) -> list[str]:
    """``<loc>``, ``<link>`` and ``href``/``url`` attributes, in any namespace.

    XML is the export's own output (sitemaps, feeds), never fetched from elsewhere.
    """
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


def rewrite_json(body: bytes, links: Links, *, check: bool) -> bytes:
    """Pass each distinct ``json_strings`` value to ``links`` as a canonical link (prefixed,
    never made relative); a document with a link respelled is parsed and written again."""
    try:
        if check:
            json.loads(body)
    except ValueError as error:
        raise ExportError(f"A view returned JSON that does not parse: {error}.") from error
    new = {}
    for raw in json_strings(body):
        value = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode()
        if (spelled := links(value, True)) is not None:
            new[value] = spelled
    if not new:
        return body

    def respell_pairs(pairs: list) -> dict:
        return {k: new.get(v, v) if url_key(k) and isinstance(v, str) else v for k, v in pairs}

    data = json.loads(body, object_pairs_hook=respell_pairs)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_strings(body: bytes) -> set[bytes]:
    """The raw string values of the ``url``, ``next``, ``previous``, ``href`` and ``*_url``
    keys, at any depth, found without parsing. In valid JSON ``url"`` closes a string (a
    quote after a letter is not escaped), a key when a colon follows: ``"url"`` when a quote
    not escaped opens it, a ``*_url`` key after ``_``. Encoders write ASCII keys as they are.
    """
    found = set()
    for end in JSON_KEY_ENDS:
        pieces = body.split(end)
        openers = (b'"', b"_") if end == b'url"' else (b'"',)
        for before, after in zip(pieces, pieces[1:], strict=False):
            if before[-1:] in openers and before[-2:-1] != b"\\":
                value = JSON_STRING_VALUE.match(after)
                if value:
                    found.add(value[1])
    return found

"""One fetched document in, its rewritten bytes and its same-site links out.

The kind of document comes from the response's Content-Type: HTML, CSS,
XML (sitemaps, feeds), JSON (the API) and plain text (``robots.txt``).
Anything else is written as it came and links to nothing.
"""

import json
from dataclasses import dataclass

from cms.export.html_links import html_refs
from cms.export.links import css_refs, json_urls, load_json, text_urls, xml_urls
from cms.export.rewrite import LinkMapper, rewrite_css, rewrite_html, rewrite_json
from cms.export.target import ExportTarget, Located

NOT_FOUND_PATH = "/404.html"


@dataclass(frozen=True)
class Processed:
    """The bytes to write, and the same-site links as ``path`` or ``path?query``."""

    body: bytes
    links: tuple[str, ...]


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


def process(body: bytes, content_type: str, path: str, target: ExportTarget) -> Processed:
    """Find the links in ``body`` (served at ``path``) and rewrite them for ``target``.

    The 404 page is served by static hosts at any depth, so it keeps
    root-relative (prefixed) links even with ``--relative``.
    """
    kind = kind_of(content_type)
    if kind == "other":
        return Processed(body, ())
    mapper = LinkMapper(target, path, relative=target.relative and path != NOT_FOUND_PATH)
    if kind == "json":
        data = load_json(body)
        urls = json_urls(data)
        if mapper.active:
            data, changed = rewrite_json(data, mapper)
            if changed:
                body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        return Processed(body, locate_all(urls, path, target))
    if kind == "xml":
        return Processed(body, locate_all(xml_urls(body), path, target))
    charset = charset_of(content_type)
    text = body.decode(charset)
    if kind == "text":
        return Processed(body, locate_all(text_urls(text), path, target))
    if kind == "css":
        urls = [ref.value for ref in css_refs(text)]
        new_text = rewrite_css(text, mapper) if mapper.active else None
    else:
        refs = html_refs(text)
        urls = [url for ref in refs for url in ref.urls()]
        new_text = rewrite_html(text, refs, mapper) if mapper.active else None
    if new_text is not None and new_text != text:
        body = new_text.encode(charset)
    return Processed(body, locate_all(urls, path, target))


def locate_all(urls: list[str], path: str, target: ExportTarget) -> tuple[str, ...]:
    found = set()
    for url in urls:
        located = target.locate(url, path)
        if located is not None:
            found.add(link_key(located))
    return tuple(sorted(found))


def link_key(located: Located) -> str:
    return f"{located.path}?{located.query}" if located.query else located.path

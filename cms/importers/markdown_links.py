"""Links between the pages of an imported site, and the old addresses that should redirect.

``LinkTable`` answers Hugo's ``ref``/``relref``, Liquid's ``post_url`` and
``link``, and plain relative links to other Markdown files (``../b.md``)
with the address the page gets here, in the linking page's language when
that version exists. ``alias_path`` checks an ``aliases``/``redirect_from``
address before it becomes a ``Redirect``: a path on this site that is not
one of the CMS's own addresses, with no ``..``, query or other host.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from cms.importers.markdown_page import MarkdownFile
from cms.importers.markdown_site import SUFFIXES
from cms.models import Page
from cms.public_urls import entry_path

_MD_LINK_RE = re.compile(
    r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+\.(?:md|markdown)(?:#[^)\s]*)?)\)"
)
_UNSAFE_RE = re.compile(r"[\x00-\x20\\<>\"'`]")


def _candidates(target: str, directory: str) -> list[str]:
    """Paths a reference may mean, as Hugo looks them up: relative to the page, then the root."""
    target = target.strip().strip("/") if target.startswith("/") else target.strip()
    relative = posixpath.normpath(posixpath.join(directory, target)) if directory else target
    absolute = posixpath.normpath(target)
    found = []
    for base in dict.fromkeys([relative, absolute]):
        stem = base
        for suffix in SUFFIXES:
            stem = stem.removesuffix(suffix)
        found += [stem, f"{stem}/index", f"{stem}/_index"]
    return found


def _address(item: MarkdownFile) -> str:
    """Where the imported file's page will be: a standalone page's address, or an entry's."""
    if item.menu_weight is not None:
        return Page(language=item.language, slug=item.slug).get_absolute_url()
    return entry_path(item.language, item.slug)


class LinkTable:
    def __init__(self, files: list[MarkdownFile]) -> None:
        self._by_key: dict[str, dict[str, str]] = {}  # lookup key -> language -> path
        for item in files:
            stem = item.rel
            for suffix in SUFFIXES:
                stem = stem.removesuffix(suffix)
            plain = stem.rsplit(".", 1)[0] if item.marked_language and "." in stem else stem
            path = _address(item)
            for key in {stem, plain, item.path_key, item.name_words}:
                self._by_key.setdefault(key, {}).setdefault(item.language, path)
            jekyll_name = posixpath.basename(stem)  # {% post_url 2024-01-05-title %}
            self._by_key.setdefault(jekyll_name, {}).setdefault(item.language, path)

    def resolver(self, item: MarkdownFile):
        directory = posixpath.dirname(item.rel)

        def resolve(target: str) -> str | None:
            target, _hash, anchor = target.partition("#")
            if not target:
                return f"#{anchor}" if anchor else None
            for key in _candidates(target, directory):
                versions = self._by_key.get(key)
                if versions:
                    path = versions.get(item.language) or next(iter(versions.values()))
                    return path + (f"#{anchor}" if anchor else "")
            return None

        return resolve


def relative_markdown_links(body: str, resolve, notes: list[str]) -> str:
    """``[text](other.md)`` → ``[text](/en/entries/other/)``; a target not imported is noted."""

    def replace(match: re.Match) -> str:
        target = match.group("target")
        if urlsplit(target).scheme:
            return match.group(0)
        url = resolve(target)
        if url is None:
            notes.append(f"link {target!r} matches no imported page; kept as written")
            return match.group(0)
        return f"[{match.group('text')}]({url})"

    return _MD_LINK_RE.sub(replace, body)


def alias_path(alias: str, section: str) -> tuple[str, str]:
    """``(path, "")`` for a safe old address, or ``("", why it is not kept)``."""
    parts = urlsplit(alias.strip())
    if parts.scheme or parts.netloc:
        return "", "an address on another site"
    if parts.query or _UNSAFE_RE.search(parts.path) or not parts.path:
        return "", "not a plain path"
    if ":" in parts.path:
        return "", "a permalink pattern (“:title”), not one address"
    raw = parts.path if parts.path.startswith("/") else f"/{section}/{parts.path}"
    if ".." in raw.split("/"):
        return "", "it climbs out of the site with “..”"
    path = posixpath.normpath(raw)
    if not posixpath.splitext(path)[1]:
        path += "/"
    if len(path) > 300:
        return "", "longer than 300 characters"
    try:
        resolve(path)
    except Resolver404:
        return path, ""
    return "", "it is one of this site's own addresses"

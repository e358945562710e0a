"""Links made to work where the copy is hosted: under a sub-path, or from any folder.

Django renders root-relative links (``/en/...``) and, from ``CMS_SITE_URL``,
absolute ones. Hosted under ``https://example.org/digest/``, root-relative
links need the ``/digest`` prefix; with ``--relative`` every same-site link
becomes a path relative to the file (``../../topics/index.html``), so the copy
works from any folder or straight from disk. Canonical, alternate and
OpenGraph URLs, and everything in sitemaps and feeds, stay absolute.

Edits are made on the spans ``links`` found with a real parser; every other
byte of the document is left as Django rendered it, and when nothing needs to
change (the site at the root of its domain, no ``--relative``) the document is
not touched at all.
"""

import posixpath
from collections.abc import Callable
from urllib.parse import quote

from cms.export.links import (
    Ref,
    css_refs,
    is_json_url_key,
    refresh_url,
    replace_refresh_url,
    split_srcset,
)
from cms.export.paths import UnsafePathError, url_to_path
from cms.export.target import ExportTarget

Mapper = Callable[[str, bool], str | None]
RELATIVE_SAFE = "/!$&'()*+,;=@-._~"


class LinkMapper:
    """Decides the new spelling of one link found in the document at ``page_path``."""

    def __init__(self, target: ExportTarget, page_path: str, *, relative: bool) -> None:
        self.target = target
        self.page_path = page_path
        self.relative = relative
        self.page_folder = posixpath.dirname(url_to_path(page_path)) or "."

    @property
    def active(self) -> bool:
        return self.relative or self.target.base_path != "/"

    def __call__(self, raw: str, keep_absolute: bool) -> str | None:
        located = self.target.locate(raw, self.page_path)
        if located is None or located.query:
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
        if stripped.startswith("/") and self.target.base_path != "/":
            return self.target.base_path.rstrip("/") + stripped
        return None

    def relative_link(self, path: str, fragment: str) -> str | None:
        try:
            file_path = url_to_path(path)
        except UnsafePathError:
            return None
        return quote(posixpath.relpath(file_path, self.page_folder), safe=RELATIVE_SAFE) + fragment


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


def rewrite_html(text: str, refs: list[Ref], mapper: Mapper) -> str:
    edits = []
    for ref in refs:
        value = rewrite_value(ref, mapper)
        if value is None:
            continue
        replacement = f'"{escape_attribute(value)}"' if ref.encoded else value
        edits.append((ref.start, ref.end, replacement))
    return apply_edits(text, edits)


def escape_attribute(value: str) -> str:
    """All a double-quoted attribute value needs; ``'`` stays readable in ``url('...')``."""
    return value.replace("&", "&amp;").replace('"', "&quot;")


def rewrite_value(ref: Ref, mapper: Mapper) -> str | None:
    """The new value of one attribute or style block, or None when it stays as it is."""
    if ref.kind == "css":
        return rewrite_css(ref.value, mapper)
    if ref.kind == "refresh":
        new = mapper(refresh_url(ref.value), False)
        return replace_refresh_url(ref.value, new) if new is not None else None
    if ref.kind == "srcset":
        candidates = split_srcset(ref.value)
        mapped = [(mapper(url, False), url, descriptor) for url, descriptor in candidates]
        if all(new is None for new, _url, _descriptor in mapped):
            return None
        return ", ".join(
            f"{new if new is not None else url} {descriptor}".strip()
            for new, url, descriptor in mapped
        )
    return mapper(ref.value, ref.keep_absolute)


def rewrite_css(text: str, mapper: Mapper) -> str | None:
    edits = []
    for ref in css_refs(text):
        new = mapper(ref.value, False)
        if new is not None:
            edits.append((ref.start, ref.end, new))
    return apply_edits(text, edits) if edits else None


def rewrite_json(data: object, mapper: Mapper) -> tuple[object, bool]:
    """URL fields rewritten like canonical links: root-relative ones prefixed, never made relative.

    A script fetching ``next`` resolves it against the page, not the JSON
    file, so a file-relative link would be wrong there.
    """
    if isinstance(data, dict):
        changed = False
        result = {}
        for key, value in data.items():
            if isinstance(value, str) and is_json_url_key(key):
                new = mapper(value, True)
                result[key] = value if new is None else new
                changed = changed or new is not None
            else:
                result[key], sub_changed = rewrite_json(value, mapper)
                changed = changed or sub_changed
        return result, changed
    if isinstance(data, list):
        items = [rewrite_json(item, mapper) for item in data]
        return [item for item, _changed in items], any(changed for _item, changed in items)
    return data, False

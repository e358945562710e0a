"""One Markdown file of a Hugo or Jekyll site, as its front matter, name and folder describe it.

Every front-matter field is either used or listed in ``not_kept`` with its
value, so the report can say what the CMS has no place for (``weight``,
``series``, ``lastmod`` ...). ``skip`` is set, with the reason, for files
the site itself never renders as a page: ``headless: true``, build options
``render: never`` and layout stubs (a ``layout`` and no text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from cms.exceptions import ImportFailed
from cms.importers import frontmatter
from cms.importers.base import decode_text, read_file
from cms.importers.languages import normalise_language
from cms.importers.markdown_fields import file_status, menu_weight, paper_fields
from cms.importers.markdown_site import POST_DIRS, SourceFile
from cms.languages import default_language, language_codes

_JEKYLL_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_USED = {
    "title", "date", "publishDate", "slug", "tags", "categories", "draft", "published", "lang",
    "language", "summary", "description", "translationKey", "translator", "translation",
    "headless", "build", "_build", "aliases", "redirect_from", "url", "permalink", "author",
    "authors", "status", "paper", "menu", "menus",
}  # fmt: skip
_NEVER = {False, "never", "false"}


@dataclass
class MarkdownFile:
    """One file's entry (or section text) as its front matter and path describe it."""

    rel: str
    language: str
    marked_language: bool  # the language came from the front matter, name or folder
    path_key: str  # the page's path without language or date: "posts/hello"
    name_words: str  # the last part of the path, for a short slug: "hello"
    front_slug: str  # the front matter's "slug", as written
    group: str  # files of one group are an original and its translations
    title: str
    body: str
    summary: str
    publish_at: datetime | None
    draft: bool
    tags: list[str]
    translator: str
    translation: str
    aliases: list[str]
    authors: list[str]
    layout: str
    status: str = ""  # the status the file asks for (``markdown_fields``); "" for the run's
    paper: dict[str, str] = field(default_factory=dict)  # entry fields from ``paper:``
    menu_weight: int | None = None  # in the main menu: a standalone page, in this place
    skip: str = ""
    not_kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slug: str = ""  # chosen once every file is read
    path_slug: str = ""


def _language_suffix(stem: str) -> tuple[str, str | None]:
    """``("hello", "zh-hans")`` for ``hello.zh-hans``; ``(stem, None)`` without a language."""
    if "." in stem:
        base, suffix = stem.rsplit(".", 1)
        code = normalise_language(suffix)
        if code:
            return base, code
    return stem, None


def _language(data: dict[str, Any], rel: str, suffix_code: str | None) -> tuple[str, bool]:
    for name in ("lang", "language"):
        value = frontmatter.text_value(data, name, rel)
        if value:
            code = normalise_language(value)
            if code is None:
                raise ImportFailed(
                    rel, f"front matter field “{name}” is {value!r}, which is not a language code."
                )
            return code, True
    if suffix_code:
        return suffix_code, True
    folder = rel.split("/", 1)[0] if "/" in rel else ""
    if folder and normalise_language(folder) in language_codes():
        return normalise_language(folder) or "", True  # Hugo's content/<language>/ layout
    return default_language(), False


def shown(value: Any, limit: int = 80) -> str:
    """A front-matter value as the report shows it."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(data: dict[str, Any], rel: str) -> list[str]:
    """``author``/``authors`` as a list of names (strings, or mappings with a ``name``)."""
    names: list[str] = []
    for key in ("author", "authors"):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            name = item.get("name") if isinstance(item, dict) else item
            if not isinstance(name, str | int) or isinstance(name, bool) or not str(name).strip():
                raise ImportFailed(
                    rel, f"front matter field “{key}” holds {shown(item)!r}, not a name."
                )
            names.append(str(name).strip())
    return list(dict.fromkeys(names))


def _aliases(data: dict[str, Any], rel: str) -> list[str]:
    found = []
    for key in ("aliases", "redirect_from"):
        found += frontmatter.list_value(data, key, rel)
    for key in ("url", "permalink"):  # the page's old address, Hugo's and Jekyll's
        found.append(frontmatter.text_value(data, key, rel))
    return [alias for alias in dict.fromkeys(found) if alias]


def _build_skip(data: dict[str, Any], not_kept: list[str]) -> str:
    """Why Hugo never renders the page, from ``headless`` and ``build``/``_build``; or ""."""
    if data.get("headless") is True or str(data.get("headless")).lower() == "true":
        return "headless: true, so Hugo never renders it as a page"
    for key in ("build", "_build"):
        options = data.get(key)
        if not isinstance(options, dict):
            if options is not None:
                not_kept.append(f"{key}: {shown(options)}")
            continue
        if options.get("render") in _NEVER:
            return f"{key} render: {shown(options['render'])}, so Hugo never renders it as a page"
        for name, value in options.items():
            if name == "list" and value in _NEVER:
                not_kept.append(f"{key} list: {shown(value)} (the CMS lists every public entry)")
            elif name not in {"render", "list", "publishResources"}:
                not_kept.append(f"{key} {name}: {shown(value)}")
    return ""


def _path_parts(rel: str, language: str) -> tuple[PurePosixPath, str, str | None]:
    """The folder (without language or Jekyll folders), the words of the name, its date."""
    path = PurePosixPath(rel)
    stem, _suffix_code = _language_suffix(path.name.rsplit(".", 1)[0])
    parent = path.parent
    if stem == "index" and parent.name:  # a Hugo page bundle: post/index.md
        stem, parent = parent.name, parent.parent
    if stem == "_index":
        stem, parent = parent.name, parent.parent
    parts = [p for p in parent.parts if p not in POST_DIRS]
    if parts and normalise_language(parts[0]) == language:
        parts = parts[1:]  # content/zh-hans/x.md pairs with content/en/x.md
    jekyll = _JEKYLL_DATE_RE.match(stem)
    words, date = (jekyll.group(2), jekyll.group(1)) if jekyll else (stem, None)
    return PurePosixPath(*parts) if parts else PurePosixPath(), words, date


def read_markdown_file(source: SourceFile, *, jekyll_site: bool) -> MarkdownFile | None:
    """The file's page, ``None`` when it has no front matter, or ``ImportFailed``."""
    rel = source.rel
    text = decode_text(read_file(source.path, rel), rel)
    parts = frontmatter.split(text, rel)
    if parts is None:
        return None
    kind, front, body = parts
    data = frontmatter.parse(kind, front, rel)
    not_kept = [f"{key}: {shown(value)}" for key, value in data.items() if key not in _USED]
    _stem, suffix_code = _language_suffix(PurePosixPath(rel).name.rsplit(".", 1)[0])
    language, marked = _language(data, rel, suffix_code)
    folder, words, name_date = _path_parts(rel, language)
    path_key = (folder / words).as_posix() if words else folder.as_posix()

    title = frontmatter.text_value(data, "title", rel)
    if not title and not source.section_page:  # Jekyll's rule: the words of the file name
        spaced = words.replace("-", " ").strip()
        title = spaced[:1].upper() + spaced[1:]
    summary = frontmatter.text_value(data, "summary", rel)
    description = frontmatter.text_value(data, "description", rel)
    if summary and description:
        not_kept.append(f"description: {shown(description)} (the summary is used)")
    key = frontmatter.text_value(data, "translationKey", rel)
    published = frontmatter.bool_value(data, "published", rel)
    date_field = "publishDate" if data.get("publishDate") else "date"
    if date_field == "publishDate" and data.get("date"):
        not_kept.append(f"date: {shown(data['date'])} (publishDate is used)")
    in_posts = bool(name_date) or bool(POST_DIRS.intersection(PurePosixPath(rel).parts))
    layout = str(data.get("layout") or data.get("type") or "")
    weight = menu_weight(data, rel)
    if weight is not None:  # a menu page's weight is its place in the navigation
        not_kept = [line for line in not_kept if not line.startswith("weight: ")]
    skip = _build_skip(data, not_kept)
    if not skip and not body.strip() and not source.section_page:
        not_kept = [line for line in not_kept if not line.startswith(("layout: ", "type: "))]
        skip = (
            f"a layout stub: the site's template “{layout}” makes this page, and the file "
            "has no text of its own"
            if layout
            else "the file has front matter but no text"
        )
    return MarkdownFile(
        rel=rel,
        language=language,
        marked_language=marked,
        path_key=path_key,
        name_words=words,
        front_slug=frontmatter.text_value(data, "slug", rel),
        group=f"key:{key}" if key else f"path:{path_key}",
        title=title,
        body=body,
        summary=summary or description,
        publish_at=frontmatter.parse_date(data.get(date_field), date_field, rel)
        or frontmatter.parse_date(name_date, "date in the file name", rel),
        draft=bool(frontmatter.bool_value(data, "draft", rel))
        or published is False
        or "_drafts" in PurePosixPath(rel).parts,
        tags=frontmatter.list_value(data, "tags", rel, jekyll=in_posts and jekyll_site)
        + frontmatter.list_value(data, "categories", rel, jekyll=in_posts and jekyll_site),
        translator=frontmatter.text_value(data, "translator", rel),
        translation=frontmatter.text_value(data, "translation", rel).lower(),
        aliases=_aliases(data, rel),
        authors=_names(data, rel),
        layout=layout,
        status=file_status(data, rel),
        paper=paper_fields(data, rel, not_kept),
        menu_weight=weight,
        skip=skip,
        not_kept=not_kept,
    )

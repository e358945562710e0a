"""Import a folder of Markdown files with front matter, as Hugo and Jekyll sites keep them.

Conventions understood (see the README's "Importing and moving content"):

- front matter ``title``, ``date`` (or Hugo's ``publishDate``), ``slug``,
  ``tags`` and ``categories`` (both become topics), ``draft: true`` or
  Jekyll's ``published: false``, ``lang``, ``summary`` or ``description``,
  Hugo's ``translationKey``, and ours: ``translator`` and ``translation``
  (``human`` or ``machine``) for translations;
- Jekyll file names ``2024-01-05-title.md`` (slug and date) and ``_drafts/``;
  Hugo's ``title.zh-hans.md`` translations, ``post/index.md`` bundles and
  per-language folders (``content/zh-hans/...``).

Files that share a name apart from the language (or a ``translationKey``)
are one entry and its translations; the file in the site's default
language is the original. Each entry is keyed by its language and slug, so
importing the folder again updates in place. Symbolic links and hidden
files are skipped, so nothing outside the folder is ever read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cms.exceptions import ImportFailed
from cms.importers import frontmatter
from cms.importers.base import Progress, decode_text, import_transaction, read_file
from cms.importers.languages import is_site_language, language_label, normalise_language
from cms.importers.report import SKIP, ImportResult
from cms.importers.text import slug_from, stable_hash
from cms.importers.writer import EntryData, EntryWriter, TopicFinder
from cms.languages import default_language, language_codes
from cms.models import TranslationMethod
from cms.publishing import Status

SUFFIXES = (".md", ".markdown")
_JEKYLL_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_CONTENT_DIRS = {"_posts", "_drafts"}  # Jekyll's; other "_" folders hold templates and data


@dataclass
class MarkdownFile:
    """One file's entry as its front matter and name describe it."""

    rel: str
    language: str
    slug: str
    group: str
    marked_language: bool  # the language came from the front matter, name or folder
    title: str
    body: str
    summary: str
    publish_at: datetime | None
    draft: bool
    tags: list[str]
    translator: str
    translation: str
    extra: dict[str, Any] = field(default_factory=dict)


def discover(root: Path, result: ImportResult) -> list[tuple[Path, str]]:
    """Markdown files under ``root`` in a stable order; skipped links are noted in ``result``."""
    found = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        base = Path(directory)
        kept = []
        for name in sorted(subdirs):
            rel = (base / name).relative_to(root).as_posix()
            if name.startswith(".") or (name.startswith("_") and name not in _CONTENT_DIRS):
                continue
            if (base / name).is_symlink():
                result.add(
                    SKIP, rel + "/", "a symbolic link; only files inside the folder are read"
                )
                continue
            kept.append(name)
        subdirs[:] = kept
        for name in sorted(files):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            if path.is_symlink():
                result.add(SKIP, rel, "a symbolic link; only files inside the folder are read")
            elif name.startswith("_index."):
                result.add(SKIP, rel, "a Hugo section page (_index.md), not an entry")
            else:
                found.append((path, rel))
    return sorted(found, key=lambda item: item[1])


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


def read_markdown_file(path: Path, rel: str) -> MarkdownFile | None:
    """The file's entry, ``None`` when it has no front matter, or ``ImportFailed``."""
    text = decode_text(read_file(path, rel), rel)
    parts = frontmatter.split(text, rel)
    if parts is None:
        return None
    kind, front, body = parts
    data = frontmatter.parse(kind, front, rel)

    stem, suffix_code = _language_suffix(path.name.rsplit(".", 1)[0])
    language, marked = _language(data, rel, suffix_code)
    parent = Path(rel).parent
    if stem == "index" and parent.name:  # a Hugo page bundle: post/index.md
        stem, parent = parent.name, parent.parent
    jekyll = _JEKYLL_DATE_RE.match(stem)
    name_date, name_words = (jekyll.group(1), jekyll.group(2)) if jekyll else (None, stem)
    if parent.parts and normalise_language(parent.parts[0]) == language:
        parent = Path(*parent.parts[1:])  # content/zh-hans/x.md pairs with content/en/x.md

    title = frontmatter.text_value(data, "title", rel)
    if not title:  # Jekyll's rule: the words of the file name
        words = name_words.replace("-", " ").strip()
        title = words[:1].upper() + words[1:]
    if not title:
        raise ImportFailed(rel, "the front matter has no “title”.")
    slug = (
        slug_from(frontmatter.text_value(data, "slug", rel))
        or slug_from(name_words)
        or slug_from(title)
        or f"entry-{stable_hash(rel)}"
    )
    key = frontmatter.text_value(data, "translationKey", rel)
    draft = frontmatter.bool_value(data, "draft", rel)
    published = frontmatter.bool_value(data, "published", rel)
    date_field = "publishDate" if data.get("publishDate") else "date"
    jekyll_post = bool(jekyll) or bool(_CONTENT_DIRS.intersection(Path(rel).parts))
    return MarkdownFile(
        rel=rel,
        language=language,
        slug=slug,
        group=f"key:{key}" if key else f"path:{(parent / stem).as_posix()}",
        marked_language=marked,
        title=title,
        body=body,
        summary=frontmatter.text_value(data, "summary", rel)
        or frontmatter.text_value(data, "description", rel),
        publish_at=frontmatter.parse_date(data.get(date_field), date_field, rel)
        or frontmatter.parse_date(name_date, "date in the file name", rel),
        draft=bool(draft) or published is False or "_drafts" in Path(rel).parts,
        tags=frontmatter.list_value(data, "tags", rel, jekyll=jekyll_post)
        + frontmatter.list_value(data, "categories", rel, jekyll=jekyll_post),
        translator=frontmatter.text_value(data, "translator", rel),
        translation=frontmatter.text_value(data, "translation", rel).lower(),
    )


def _order_group(files: list[MarkdownFile]) -> list[MarkdownFile]:
    """The group's original first (default language, else unmarked, else first), then the rest."""
    seen: dict[str, str] = {}
    for item in files:
        if item.language in seen:
            raise ImportFailed(
                item.rel,
                f"{seen[item.language]} is the same entry in the same language "
                f"({item.language}); give one of them another name or translationKey.",
            )
        seen[item.language] = item.rel
    order = {code: index for index, code in enumerate(language_codes())}

    def rank(item: MarkdownFile) -> tuple:
        default_first = item.language != default_language()
        return (default_first, item.marked_language, order.get(item.language, 99), item.rel)

    return sorted(files, key=rank)


def _check_unique_keys(groups: list[list[MarkdownFile]]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for item in (item for files in groups for item in files):
        key = (item.language, item.slug)
        if key in seen:
            raise ImportFailed(
                item.rel,
                f"{seen[key]} has the same slug “{item.slug}” in the same language; give one "
                "of them another “slug:” in its front matter.",
            )
        seen[key] = item.rel


def _translation_fields(item: MarkdownFile, original_id: int | None) -> dict[str, Any]:
    method = item.translation or (TranslationMethod.HUMAN if item.translator else "")
    if method and method not in (TranslationMethod.HUMAN, TranslationMethod.MACHINE):
        raise ImportFailed(
            item.rel, f"front matter field “translation” is {method!r}; use human or machine."
        )
    if original_id is not None and not method:
        method = TranslationMethod.HUMAN
    if method and not item.translator:
        raise ImportFailed(
            item.rel,
            "this file is a translation; say who translated it with “translator: Name” in its "
            "front matter (and “translation: machine” for a machine translation).",
        )
    return {
        "translation_of_id": original_id,
        "translation_method": method or TranslationMethod.ORIGINAL,
        "translator": item.translator,
    }


def import_markdown(
    directory: str | Path,
    *,
    status: str = Status.DRAFT,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every Markdown file under ``directory``; see the module docstring."""
    root = Path(directory)
    source = os.fspath(directory)
    if not root.is_dir():
        raise ImportFailed(source, "no such folder.")
    result = ImportResult(source=source, dry_run=dry_run)
    groups: dict[str, list[MarkdownFile]] = {}
    for path, rel in discover(root, result):
        item = read_markdown_file(path, rel)
        if item is None:
            result.add(SKIP, rel, "no front matter (a “---” or “+++” block at the top)")
        elif not is_site_language(item.language):
            result.add(SKIP, rel, f"{language_label(item.language)} is not a site language")
        else:
            groups.setdefault(item.group, []).append(item)
    ordered = [_order_group(files) for _key, files in sorted(groups.items())]
    _check_unique_keys(ordered)
    total = sum(len(files) for files in ordered)
    writer = EntryWriter(result, "Markdown files", labels_are_files=True)
    topics = TopicFinder(result)
    done = 0
    with import_transaction(dry_run):
        for files in ordered:
            original = None
            for index, item in enumerate(files):
                if index and original is None:
                    result.add(SKIP, item.rel, f"its original {files[0].rel} was skipped")
                else:
                    entry = writer.write(_entry_data(item, original, status, topics))
                    original = entry if index == 0 else original
                done += 1
                if progress:
                    progress(done, total, item.rel)
    return result


def _entry_data(item: MarkdownFile, original, status: str, topics: TopicFinder) -> EntryData:
    return EntryData(
        ref=f"markdown:{item.language}:{item.slug}",
        label=item.rel,
        fields={
            "language": item.language,
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "publish_at": item.publish_at,
            **_translation_fields(item, original.pk if original is not None else None),
            "import_meta": {"source": "markdown", "file": item.rel},
        },
        slug=item.slug,
        status=Status.DRAFT if item.draft else status,
        topics=[topics.by_name(tag, item.language, item.rel) for tag in item.tags],
        exact_slug=True,
    )

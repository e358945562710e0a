"""Find the pages of a Hugo or Jekyll site's folder, and say why every other file is left out.

Hugo's rules: a folder holding ``index.md`` is a leaf bundle, one page whose
other files (images, and Markdown too) are its resources, not pages;
``_index.md`` is the text of a section (``posts/_index.md``) or of a
taxonomy term (``tags/physics/_index.md``). Jekyll's: ``_posts`` and
``_drafts`` hold posts, every other folder starting with ``_`` holds
templates, data or includes. Symbolic links are never followed, so nothing
outside the folder is read. Each folder or file left out gets a line in the
report, except version-control and editor folders (``.git``, ``.idea``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cms.importers.report import SKIP, ImportResult

SUFFIXES = (".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
POST_DIRS = {"_posts", "_drafts"}  # Jekyll's; other "_" folders hold templates and data
TAXONOMIES = {"tags", "categories"}  # Hugo's default taxonomies: their terms are topics
#: Folders no site generator reads as content.
TOOL_DIRS = {"node_modules", "vendor"}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # "posts/hello/index.md", with forward slashes
    section_page: bool = False  # an ``_index.md``


@dataclass
class Site:
    root: Path
    jekyll: bool  # Liquid tags are read only in a Jekyll site
    files: list[SourceFile] = field(default_factory=list)
    images: dict[str, str] = field(default_factory=dict)  # rel -> the bundle it belongs to, or ""
    markdown: set[str] = field(default_factory=set)  # every Markdown file's rel, pages or not


def is_markdown(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def _bundle_index(files: list[str]) -> str:
    """The name of the folder's ``index.md`` (any language) when it is a leaf bundle."""
    for name in files:
        stem = name.rsplit(".", 1)[0]
        if is_markdown(name) and (stem == "index" or stem.startswith("index.")):
            return name
    return ""


def _folder_reason(name: str) -> str:
    if name in TOOL_DIRS:
        return "a folder of tools and packages, not content"
    if name.startswith("_"):
        return "a Jekyll folder of templates, data or includes, not content"
    return ""


def discover(root: Path, result: ImportResult) -> Site:
    """The site's pages in a stable order; everything left out gets a line in ``result``."""
    site = Site(root=root, jekyll=(root / "_config.yml").is_file() or (root / "_posts").is_dir())
    for directory, subdirs, files in os.walk(root, followlinks=False):
        base = Path(directory)
        rel_dir = base.relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        kept = []
        for name in sorted(subdirs):
            if name.startswith("."):
                continue
            if (base / name).is_symlink():
                result.add(SKIP, f"{prefix}{name}/", "a symbolic link; only the folder is read")
            elif reason := ("" if name in POST_DIRS else _folder_reason(name)):
                result.add(SKIP, f"{prefix}{name}/", reason)
            else:
                kept.append(name)
        subdirs[:] = kept
        index = _bundle_index(files) if prefix else ""
        if index:
            subdirs[:] = []  # everything below a leaf bundle belongs to it
            _add_bundle(site, base, prefix, index, result)
            continue
        for name in sorted(files):
            _add_file(site, base / name, f"{prefix}{name}", result)
    site.files.sort(key=lambda item: item.rel)
    return site


def _add_file(site: Site, path: Path, rel: str, result: ImportResult) -> None:
    name = path.name
    if name.startswith(".") or not (is_markdown(name) or name.lower().endswith(IMAGE_SUFFIXES)):
        return
    if path.is_symlink():
        result.add(SKIP, rel, "a symbolic link; only files inside the folder are read")
    elif not is_markdown(name):
        site.images[rel] = ""
    else:
        site.markdown.add(rel)
        site.files.append(SourceFile(path, rel, section_page=name.startswith("_index.")))


def _add_bundle(site: Site, folder: Path, prefix: str, index: str, result: ImportResult) -> None:
    """A leaf bundle: its ``index`` files are pages, the rest its resources."""
    for directory, subdirs, files in os.walk(folder, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        base = Path(directory)
        for name in sorted(files):
            path = base / name
            rel = prefix + path.relative_to(folder).as_posix()
            stem = name.rsplit(".", 1)[0]
            if name.startswith(".") or path.is_symlink():
                continue
            if (
                is_markdown(name)
                and base == folder
                and (stem == "index" or stem.startswith("index."))
            ):
                site.markdown.add(rel)
                site.files.append(SourceFile(path, rel))
            elif is_markdown(name):
                site.markdown.add(rel)
                result.add(
                    SKIP,
                    rel,
                    f"a resource of the bundle {prefix}{index}, not a page of its own "
                    "(Hugo reads it only through that page's templates)",
                )
            elif name.lower().endswith(IMAGE_SUFFIXES):
                site.images[rel] = prefix

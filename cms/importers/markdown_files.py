"""Import a Hugo or Jekyll site's folder of Markdown files, as the site lays it out.

The pieces: ``markdown_site`` finds the pages (bundles, sections, Jekyll's
folders), ``markdown_page`` reads each one's front matter (``markdown_fields``
the CMS's own fields: status, paper, menu), ``shortcodes``,
``markdown_links`` and ``markdown_media`` turn its body into the CMS's
Markdown, ``markdown_sections`` handles ``_index.md``, ``standalone_pages``
writes menu pages and section texts as pages, and this module chooses
slugs, pairs translations and writes everything in one transaction.

A page's slug is its front matter's ``slug``, else its file or bundle name;
when two pages of one language would share that name (``about.md`` in two
folders), both take their folder too (``team-about``, ``docs-about``). An
entry is keyed by its language and path, so importing the folder again
updates in place. Files that share a path apart from the language (or a
``translationKey``) are one entry and its translations; the file in the
site's default language is the original.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.html import strip_tags

from cms.exceptions import ImportFailed
from cms.importers.base import Progress, import_transaction
from cms.importers.bylines import TEAM, Bylines
from cms.importers.languages import is_site_language, language_label
from cms.importers.markdown_links import LinkTable, alias_path, relative_markdown_links
from cms.importers.markdown_media import MediaCopier
from cms.importers.markdown_page import MarkdownFile, read_markdown_file
from cms.importers.markdown_sections import import_section, is_taxonomy_term
from cms.importers.markdown_site import Site, discover
from cms.importers.report import SKIP, ImportResult
from cms.importers.shortcodes import Converter, split_more
from cms.importers.standalone_pages import import_menu_page, page_status
from cms.importers.text import collapse_whitespace, slug_from, stable_hash, truncate
from cms.importers.topics import TopicFinder
from cms.importers.translations import order_groups, translation_fields
from cms.importers.writer import EntryData, EntryWriter
from cms.markdown import render_markdown
from cms.models import Redirect
from cms.publishing import Status

SUMMARY_LENGTH = 500


def _safe_slug(item: MarkdownFile) -> str:
    """The front matter's slug made URL-safe; ``ImportFailed`` if it tries to leave its folder."""
    written = item.front_slug
    if any(mark in written for mark in ("/", "\\", "..")) or written.startswith("."):
        raise ImportFailed(
            item.rel,
            f"the slug {written!r} is a path, not a name (it has “/”, “\\” or “..”), so it "
            "was refused. Write it as lowercase letters, digits and hyphens.",
        )
    slug = slug_from(written, language=item.language)
    if slug and slug != written:
        item.notes.append(f"slug {written!r} written as {slug!r}")
    return slug


def choose_slugs(items: list[MarkdownFile]) -> None:
    """Each page's slug: its own, else its name, else its folder and name when names clash."""
    for item in items:
        item.path_slug = (
            slug_from(item.path_key.replace("/", " "), language=item.language)
            or slug_from(item.title, language=item.language)
            or f"entry-{stable_hash(item.rel)}"
        )
        item.slug = (
            (_safe_slug(item) if item.front_slug else "")
            or slug_from(item.name_words, language=item.language)
            or item.path_slug
        )
    named = Counter((i.language, i.slug) for i in items if not i.front_slug)
    for item in items:
        if not item.front_slug and named[(item.language, item.slug)] > 1:
            item.slug = item.path_slug
    seen: dict[tuple[str, str], str] = {}
    for item in items:
        if (item.language, item.slug) in seen:
            raise ImportFailed(
                item.rel,
                f"{seen[(item.language, item.slug)]} has the same slug “{item.slug}” in the same "
                "language; give one of them another “slug:” in its front matter.",
            )
        seen[(item.language, item.slug)] = item.rel


def prepare_body(item: MarkdownFile, links: LinkTable, media: MediaCopier, site: Site) -> None:
    """Shortcodes, links and images into the CMS's Markdown; ``<!--more-->`` into the summary."""
    resolve = links.resolver(item)
    converter = Converter(resolve, liquid=site.jekyll)
    body = converter.convert(item.body)
    item.notes += converter.notes
    body = relative_markdown_links(body, resolve, item.notes)
    body = media.rewrite(body, item.rel, item.notes)
    teaser, body = split_more(body)
    if teaser and not item.summary:
        plain = collapse_whitespace(strip_tags(render_markdown(teaser)))
        item.summary = truncate(plain, SUMMARY_LENGTH)
    item.body = body


def _entry_data(item: MarkdownFile, original, run_status: str, topics, bylines) -> EntryData:
    status = page_status(item, run_status, item.not_kept)
    team, paper_authors = bylines.split(item.authors, item.not_kept)
    fields: dict[str, Any] = {
        **item.paper,
        "language": item.language,
        "title": item.title,
        "summary": truncate(item.summary, SUMMARY_LENGTH),
        "body": item.body,
        "publish_at": item.publish_at,
        **translation_fields(item, original.pk if original is not None else None),
        "import_meta": {"source": "markdown", "file": item.rel},
    }
    if paper_authors:
        fields["paper_authors"] = paper_authors
    old_slug = slug_from(item.front_slug) or slug_from(item.name_words) or slug_from(item.title)
    return EntryData(
        ref=f"markdown:{item.language}:{item.path_key}",
        former={  # before paths were the key
            "import_ref": f"markdown:{item.language}:{old_slug}",
            "import_meta__file": item.rel,
        },
        label=item.rel,
        fields=fields,
        slug=item.slug,
        fallback_slug=item.path_slug if item.path_slug != item.slug else "",
        status=status,
        topics=[topics.by_name(tag, item.language, item.rel) for tag in item.tags],
        authors=team,
        exact_slug=True,
        not_kept=item.not_kept,
        notes=item.notes,
    )


def record_aliases(item: MarkdownFile, entry) -> None:
    section = item.path_key.rsplit("/", 1)[0] if "/" in item.path_key else ""
    for alias in item.aliases:
        path, problem = alias_path(alias, section)
        if problem:
            item.not_kept.append(f"alias {alias}: {problem}")
            continue
        taken = Redirect.objects.filter(old_path=path).exclude(entry=entry).first()
        if taken is not None:
            item.not_kept.append(f"alias {alias}: it already leads to {taken.entry.title!r}")
        elif path != entry.get_absolute_url():
            Redirect.objects.update_or_create(old_path=path, defaults={"entry": entry})


def _read_all(site: Site, result: ImportResult) -> tuple[list[MarkdownFile], ...]:
    """The site's entries, its menu pages and its ``_index.md`` files, each in reading order."""
    pages, menu_pages, sections = [], [], []
    for source in site.files:
        item = read_markdown_file(source, jekyll_site=site.jekyll)
        if item is None:
            result.add(SKIP, source.rel, "no front matter (a “---” or “+++” block at the top)")
        elif not is_site_language(item.language):
            result.add(SKIP, source.rel, f"{language_label(item.language)} is not a site language")
        elif item.skip:
            result.add(SKIP, item.rel, item.skip, not_kept=item.not_kept)
        elif source.section_page:
            sections.append(item)
        elif item.menu_weight is not None:
            menu_pages.append(item)
        else:
            pages.append(item)
    return pages, menu_pages, sections


def import_markdown(
    directory: str | Path,
    *,
    status: str = Status.DRAFT,
    dry_run: bool = False,
    progress: Progress | None = None,
    authors: str = TEAM,
    author_map: dict[str, str] | None = None,
) -> ImportResult:
    """Import every page under ``directory``; see the module docstring."""
    root = Path(directory)
    source = os.fspath(directory)
    if not root.is_dir():
        raise ImportFailed(source, "no such folder.")
    result = ImportResult(source=source, dry_run=dry_run)
    site = discover(root, result)
    pages, menu_pages, sections = _read_all(site, result)
    choose_slugs(pages)
    choose_slugs(menu_pages)
    links, media = LinkTable(pages + menu_pages), MediaCopier(root)
    for item in pages + menu_pages + sections:
        prepare_body(item, links, media, site)
    groups = order_groups(pages)
    terms = [item for item in sections if is_taxonomy_term(item)]
    sections = [item for item in sections if not is_taxonomy_term(item)]
    writer = EntryWriter(result, "Markdown files", labels_are_files=True)
    topics, bylines = TopicFinder(result), Bylines(authors, author_map)
    total, done = len(pages) + len(menu_pages) + len(terms) + len(sections), 0

    def advance(item: MarkdownFile) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, item.rel)

    with import_transaction(dry_run):
        for item in terms:  # first, so that pages find topics by their names in any language
            import_section(item, result, topics, status)
            advance(item)
        for files in groups:
            original = None
            for index, item in enumerate(files):
                if index and original is None:
                    result.add(SKIP, item.rel, f"its original {files[0].rel} was skipped")
                else:
                    data = _entry_data(item, original, status, topics, bylines)
                    entry = writer.write(data)
                    if entry is not None:
                        record_aliases(item, entry)
                    original = entry if index == 0 else original
                advance(item)
        for item in menu_pages:
            import_menu_page(item, result, status)
            advance(item)
        for item in sections:
            import_section(item, result, topics, status)
            advance(item)
    for rel, bundle in sorted(site.images.items()):
        if rel not in media.used:
            where = f"an image of the bundle {bundle}" if bundle else "an image"
            result.add(SKIP, rel, f"{where} that no imported page shows; not copied")
    if not dry_run:
        media.store()
    return result

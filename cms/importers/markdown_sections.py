"""Hugo's ``_index.md`` files: the text of a section, or of a taxonomy term.

A section's text (``posts/_index.md``, or the home page's ``_index.md``)
becomes a standalone page (``standalone_pages``). A taxonomy term's
(``tags/physics/_index.md``) names the topic in the file's language;
topics have no text of their own, so its body is listed as not kept. Terms
are read before the pages, so a page may name its topics in any language
that a term file names them in.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from cms.importers.markdown_page import MarkdownFile
from cms.importers.markdown_site import TAXONOMIES
from cms.importers.report import CREATE, SKIP, UNCHANGED, UPDATE, ImportResult
from cms.importers.standalone_pages import write_page
from cms.importers.text import slug_from
from cms.importers.topics import TopicFinder
from cms.languages import default_language


def _taxonomy_term(item: MarkdownFile) -> tuple[str, str]:
    """``("tags", "physics")`` for ``tags/physics/_index.md``; ``("tags", "")`` for the list."""
    parts = PurePosixPath(item.path_key).parts
    if parts and parts[0] in TAXONOMIES and len(parts) <= 2:
        return parts[0], parts[1] if len(parts) == 2 else ""
    return "", ""


def import_section(item: MarkdownFile, result: ImportResult, topics: TopicFinder, status: str):
    taxonomy, term = _taxonomy_term(item)
    text = item.body.strip()
    not_kept = list(item.not_kept)
    if taxonomy and not term:
        result.add(SKIP, item.rel, f"the list of all {taxonomy}; the CMS makes its own")
        return
    if taxonomy:
        if text:
            not_kept.append(f"the text of the {taxonomy} page (topics have no text of their own)")
        _name_topic(item, term, topics, result, not_kept)
        return
    if not text:
        result.add(SKIP, item.rel, "a section list with no text of its own", not_kept=not_kept)
        return
    slug = slug_from(item.path_key.replace("/", " "), language=item.language)
    slug = slug or slug_from(item.title, language=item.language) or "home"
    title = item.title or item.path_key or "Home"
    write_page(
        item, result, slug=slug, title=title, text=text, run_status=status, not_kept=not_kept
    )


def is_taxonomy_term(item: MarkdownFile) -> bool:
    taxonomy, term = _taxonomy_term(item)
    return bool(taxonomy and term)


def _name_topic(item, term, topics: TopicFinder, result: ImportResult, not_kept) -> None:
    """The term's topic, created or given its name in the file's language."""
    title = item.title or term
    default = item.language == default_language()
    slug = slug_from(term) or slug_from(title, language=item.language)
    topic = topics.find_by_slug(slug) or topics.find_by_name(title)
    if topic is None:
        names = {} if default else {item.language: title}
        topic = topics.create(slug, title if default else term, names, item.rel)
        result.add(CREATE, item.rel, f"the topic {topic.slug}", not_kept=not_kept)
    elif not default and not topic.names.get(item.language):
        topic.names = {**topic.names, item.language: title}
        topic.save(update_fields=["names"])
        detail = f"the topic {topic.slug}: its name in {item.language}"
        result.add(UPDATE, item.rel, detail, not_kept=not_kept)
    else:
        result.add(UNCHANGED, item.rel, f"the topic {topic.slug}", not_kept=not_kept)

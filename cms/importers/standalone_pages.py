"""Standalone pages (About, Contact) from imported files: Hugo's menu pages and section texts.

A page is keyed by its language and slug, as the site's addresses are. A
new page is published only when the run's status (lowered by the file's
own ``status`` or ``draft``) is "published", so nothing reaches the
navigation before an editor says so. A page that already exists is never
overwritten: with the same title and text it is unchanged, otherwise it is
left as it is and the report says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cms.exceptions import ImportFailed
from cms.importers.markdown_fields import effective_status
from cms.importers.markdown_page import MarkdownFile
from cms.importers.report import CREATE, SKIP, UNCHANGED, ImportResult
from cms.importers.writer import validation_message
from cms.models import Page
from cms.publishing import Status


def page_status(item: MarkdownFile, run_status: str, not_kept: list[str]) -> str:
    if item.draft:
        return Status.DRAFT
    return effective_status(item.status, run_status, not_kept)


def write_page(
    item: MarkdownFile,
    result: ImportResult,
    *,
    slug: str,
    title: str,
    text: str,
    run_status: str,
    not_kept: list[str],
) -> None:
    """Create the page ``item`` describes, unless one with its language and slug exists."""
    existing = Page.objects.filter(language=item.language, slug=slug).first()
    if existing is not None:
        if (existing.title, existing.body.strip()) == (title, text):
            detail = f"the page {existing.get_absolute_url()}"
            result.add(UNCHANGED, item.rel, detail, not_kept=not_kept)
        else:
            result.add(
                SKIP,
                item.rel,
                f"a page {existing.get_absolute_url()} already exists with other text; "
                "it was left as it is",
                not_kept=not_kept,
            )
        return
    page = Page(
        language=item.language,
        slug=slug,
        title=title,
        body=text,
        nav_order=item.menu_weight or 0,
        is_published=page_status(item, run_status, not_kept) == Status.PUBLISHED,
    )
    try:
        page.full_clean()
    except ValidationError as error:
        raise ImportFailed(item.rel, validation_message(error)) from error
    page.save()
    result.add(CREATE, item.rel, f"the page {page.get_absolute_url()}", not_kept=not_kept)


def import_menu_page(item: MarkdownFile, result: ImportResult, run_status: str) -> None:
    """A page in the site's main menu (``menu: main``): a standalone page, not an entry."""
    write_page(
        item,
        result,
        slug=item.slug,
        title=item.title,
        text=item.body.strip(),
        run_status=run_status,
        not_kept=item.not_kept,
    )

"""List page kinds: the language home and its numbered pages (``/en/``, ``/en/p/<n>/``).

``cms.views.pagination.pagination_context`` is what every paginated list
template gets about its page (numbered from the oldest entry); the live
``PathPaginationMixin`` and ``EntryListPages`` (entries loaded once, for the
export) both call it. Topic, author and archive lists use the same mixin
live and are the next kinds to load.
"""

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.pages.entry import EntryPages
from cms.sitemaps import home_alternates
from cms.views.pagination import FRONT, list_page, numbered_pages, pagination_context

TEMPLATE = "cms/entry_list.html"


def entry_list_url(number: int) -> str:
    """The language home (``FRONT``) or its numbered page, in the active language."""
    if number == FRONT:
        return reverse("cms:entry-list")
    return reverse("cms:entry-list-page", kwargs={"page": number})


class EntryListPages:
    """Every page of every language's list of entries, from the loaded entries."""

    def __init__(self, entries: EntryPages) -> None:
        self.entries = entries
        self.size = settings.CMS_ENTRIES_PER_PAGE

    def urls(self) -> Iterator[tuple[str, tuple[str, int | None]]]:
        for language, _name in settings.LANGUAGES:
            count = len(self.entries.newest(language, None))
            with translation.override(language):
                yield entry_list_url(FRONT), (language, None)
                for number in range(1, numbered_pages(count, self.size) + 1):
                    yield entry_list_url(number), (language, number)

    def render(self, key: tuple[str, int | None]) -> bytes:
        language, number = key
        newest = self.entries.newest(language, None)
        page = list_page(len(newest), self.size, number)
        shown = newest[page.start : page.stop]
        with translation.override(language):
            context = {
                "entries": shown,
                "object_list": shown,
                "page_obj": page,
                "paginator": None,
                "is_paginated": page.has_other_pages,
                **pagination_context(page, entry_list_url),
            }
            if page.is_front:
                context["hreflang_alternates"] = home_alternates()
        return self.entries.site.render(TEMPLATE, context, language)

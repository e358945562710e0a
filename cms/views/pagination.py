"""Path pagination counted from the oldest entry, so publishing one entry changes few pages.

A list of ``count`` entries, ``size`` to a page, has numbered pages 1 … m
(``/en/p/1/`` … ``/en/p/m/``): page 1 holds the oldest ``size`` entries,
page k the k-th ``size`` counted from the oldest, each shown newest first.
Only full pages are numbered (m = count // size, and none while the whole
list fits on its front), so a numbered page never changes when an entry is
published; only the newest partial run, fewer than ``size`` entries, has
no number. The front of the list (``/en/``) shows the newest ``size``
entries and links to the numbered page holding the newest entry it does
not show. Publishing an entry therefore changes the front, and every
``size``-th time adds a page and the "newer" link of the page before it;
numbering from the newest, as before, changed every page of the list.

The arithmetic is plain functions of (count, size, number) so the export
can plan pages without a request; ``PathPaginationMixin`` serves them.
Query strings cannot be static files, hence numbers in the path.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

FRONT = 0
"""The page number that stands for the front of a list (its own URL, no number)."""


@dataclass(frozen=True)
class ListPage:
    """One page of a list: which slice of the newest-first entries, and its neighbours.

    ``number`` is ``FRONT`` or 1 … m. ``start``/``stop`` slice the list
    ordered newest first. ``older`` and ``newer`` are page numbers to link
    (``FRONT`` for the front) or ``None`` when there is nothing that way.
    """

    number: int
    start: int
    stop: int
    older: int | None
    newer: int | None

    @property
    def is_front(self) -> bool:
        return self.number == FRONT

    @property
    def has_other_pages(self) -> bool:
        return self.older is not None or self.newer is not None


def numbered_pages(count: int, size: int) -> int:
    """How many numbered pages a list has: its full pages, none while it fits on the front."""
    return count // size if count > size else 0


def page_holding(index_from_oldest: int, size: int) -> int:
    """The numbered page that holds the entry at this position, counted from 0 at the oldest."""
    return index_from_oldest // size + 1


def list_page(count: int, size: int, number: int | None = None) -> ListPage:
    """The front (``number`` None) or numbered page ``number``; ``LookupError`` if there is none."""
    if number is None:
        older = page_holding(count - size - 1, size) if count > size else None
        return ListPage(FRONT, 0, min(size, count), older, None)
    last = numbered_pages(count, size)
    if not 1 <= number <= last:
        raise LookupError(f"There is no page {number}; this list has {last} numbered page(s).")
    start = count - number * size
    newer = number + 1 if number < last else FRONT
    return ListPage(number, start, start + size, number - 1 or None, newer)


def pagination_context(page: ListPage, page_url) -> dict:
    """What a list template gets about its page's neighbours and its own address.

    ``page_url(number)`` gives a page's path; the live mixin and the export's
    list pages (``cms.pages.lists``) both build the context here.
    """
    return {
        "previous_page_url": None if page.newer is None else page_url(page.newer),
        "next_page_url": None if page.older is None else page_url(page.older),
        "canonical_path": page_url(page.number),
    }


def legacy_page_count(count: int, size: int) -> int:
    """How many pages the old numbering (from the newest, ``/page/<n>/``) gave this list."""
    return max(1, -(-count // size))


class PathPaginationMixin:
    """List views paginated by a ``page`` URL argument, numbered from the oldest entry.

    ``url_name`` is the route of the front; ``url_name + "-page"`` takes the
    page number (``p/<n>/``) and ``url_name + "-legacy-page"`` the old
    numbering (``page/<n>/``), which answers with a permanent redirect to the
    front while n was a page of the list, and a 404 after. The old number
    meant "the n-th newest" and now points nowhere stable, so the front is
    where it goes; a position would move at every publication, and with it
    every old URL's redirect.
    """

    url_name: str

    def get_url_kwargs(self) -> dict:
        return {key: value for key, value in self.kwargs.items() if key not in ("page", "legacy")}

    def page_url(self, number: int) -> str:
        if number == FRONT:
            return reverse(f"cms:{self.url_name}", kwargs=self.get_url_kwargs())
        return reverse(
            f"cms:{self.url_name}-page", kwargs={**self.get_url_kwargs(), "page": number}
        )

    def get(self, request, *args, **kwargs):
        if "legacy" in kwargs:
            entries = self.get_queryset()
            if (
                not 1
                <= kwargs["legacy"]
                <= legacy_page_count(entries.count(), self.get_paginate_by(entries))
            ):
                raise Http404("There is no such page.")
            return HttpResponsePermanentRedirect(self.page_url(FRONT))
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        try:
            page = list_page(queryset.count(), page_size, self.kwargs.get("page"))
        except LookupError as error:
            raise Http404(str(error)) from error
        return None, page, queryset[page.start : page.stop], page.has_other_pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pagination_context(context["page_obj"], self.page_url))
        return context

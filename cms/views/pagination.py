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
A numbered page asks the database only about its own place, oldest first
(its rows, and whether the next page is full), never the list's count, so
what it reads does not change either when an entry is published, and an
export that re-renders the pages whose queries changed leaves it alone.
Query strings cannot be static files, hence numbers in the path.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch

from cms.conf import conf
from cms.public_urls import list_page_path, public_path

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


def depth_of(number: int, size: int) -> int:
    """How many of the list's oldest entries numbered page ``number`` depends on: its own,
    and whether the next page is full (``list_page``'s "newer" link). An entry that joins or
    leaves the list after them leaves the page as it was."""
    return (number + 1) * size


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


def legacy_page_paths_of(url_name: str, language: str, kwargs: dict, count: int, size: int):
    """The old ``…/page/<n>/`` paths (n ≥ 2) of a list of ``count`` entries, each a redirect.

    A value the route cannot hold (a slug ``reverse`` refuses) has no list page
    either, so there are none.
    """
    name = f"cms:{url_name}-legacy-page"
    paths = []
    for number in range(2, legacy_page_count(count, size) + 1):
        try:
            paths.append(public_path(name, language, **kwargs, legacy=number))
        except NoReverseMatch:
            break
    return paths


def oldest_first(entries):
    """The list in page order: the reverse of ``Entry``'s newest-first ordering."""
    return entries.order_by("publish_at", "id")


def has_entry_at(entries, index: int) -> bool:
    """Whether the oldest-first list has an entry at ``index``: one key read, not a count."""
    if index < 0:
        return False
    return bool(oldest_first(entries).values_list("pk", flat=True)[index : index + 1])


def numbered_page(entries, size: int, number: int) -> tuple[ListPage, list]:
    """Page ``number``'s links and its entries newest first, read by position, without a count.

    The same page and entries as ``list_page`` plans from the count, except
    ``start``/``stop``, which need the count and are left at 0. The page
    exists when it is full and the list does not fit on its front: page 1
    also reads the entry after it, which must exist. Its "newer" link goes
    to the next page when that one is full too, else to the front.
    """
    start, stop = (number - 1) * size, number * size + (number == 1)
    rows = list(oldest_first(entries)[start:stop]) if number > 0 else []
    if len(rows) < size or (number == 1 and len(rows) == size):
        raise LookupError(f"There is no page {number}; only full pages have a number.")
    newer = number + 1 if has_entry_at(entries, (number + 1) * size - 1) else FRONT
    return ListPage(number, 0, 0, number - 1 or None, newer), rows[:size][::-1]


class PathPaginationMixin:
    """List views paginated by a ``page`` URL argument, numbered from the oldest entry.

    ``CMS_ENTRIES_PER_PAGE`` entries to a page. ``url_name`` is the route of the
    front; ``url_name + "-page"`` takes the page number (``p/<n>/``) and
    ``url_name + "-legacy-page"`` the old numbering (``page/<n>/``), which
    answers with a permanent redirect to the front while n was a page of the
    list, and a 404 after. The old number meant "the n-th newest" and now points
    nowhere stable, so the front is where it goes; a position would move at
    every publication, and with it every old URL's redirect.
    """

    url_name: str

    def get_paginate_by(self, queryset):
        return conf.CMS_ENTRIES_PER_PAGE

    def get_url_kwargs(self) -> dict:
        return {key: value for key, value in self.kwargs.items() if key not in ("page", "legacy")}

    def page_url(self, number: int) -> str:
        front = number == FRONT
        return list_page_path(self.url_name, None, self.get_url_kwargs(), None if front else number)

    def get(self, request, *args, **kwargs):
        if "legacy" in kwargs:
            # n <= legacy_page_count(count, size), asked as "is there an entry at (n-1)·size"
            entries, number = self.get_queryset(), kwargs["legacy"]
            first = (number - 1) * self.get_paginate_by(entries)
            if number < 1 or (number > 1 and not has_entry_at(entries, first)):
                raise Http404("There is no such page.")
            return HttpResponsePermanentRedirect(self.page_url(FRONT))
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        number = self.kwargs.get("page")
        if number is None:
            page = list_page(queryset.count(), page_size)
            return None, page, queryset[:page_size], page.has_other_pages
        try:
            page, entries = numbered_page(queryset, page_size, number)
        except LookupError as error:
            raise Http404(str(error)) from error
        return None, page, entries, page.has_other_pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pagination_context(context["page_obj"], self.page_url))
        return context

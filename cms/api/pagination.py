"""Pagination by path, counted from the oldest entry, as the HTML lists are.

A list of ``count`` entries has numbered pages ``entries/p/1.json`` …
``p/<m>.json`` of ``page_size`` entries each, page 1 holding the oldest,
each shown newest first; its own address (``entries.json``) is its front,
with the newest 1 to ``page_size`` entries that no numbered page holds,
the list's ``count`` and how many numbered ``pages`` it has. Following
``next`` from the front meets every entry once. Publishing an entry
changes each of its lists' front, and every ``page_size``-th time turns
the full front into a new numbered page; a numbered page keeps its
entries and its bytes, so a client or cache that has it need not fetch it
again, and the export re-renders a handful of API pages instead of all of
them. Numbered pages carry no ``count`` or ``pages``, which change at
every publication. (The HTML lists' front always shows ``page_size``
entries, which a reader expects; an API client walking ``next`` expects
no entry twice.)

The old numbering from the newest (``entries/page/<n>.json``) answers with
a permanent redirect to the front while n was one of the list's pages, as
the HTML lists' old URLs do, and 404 after. ``next`` (older) and
``previous`` (newer) are absolute and keep the request's (already
validated) query string, so live filters carry across pages. Every file is
a path without a query string, so the static copy has the same pages.
"""

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from cms.absolute import absolute_url
from cms.public_urls import api_page_path
from cms.views.pagination import FRONT, ListPage


def numbered_api_pages(count: int, size: int) -> int:
    """How many numbered pages a list has: every full run of ``size`` from the oldest but one
    that the front holds (the front is never empty while the list is not)."""
    return (count - 1) // size if count else 0


def api_page(count: int, size: int, number: int | None = None) -> ListPage:
    """The front (``number`` None) or numbered page ``number``; ``LookupError`` if there is none.

    ``start``/``stop`` slice the list in its order (newest first by default).
    """
    last = numbered_api_pages(count, size)
    if number is None:
        return ListPage(FRONT, 0, count - last * size, last or None, None)
    if not 1 <= number <= last:
        raise LookupError(f"There is no page {number}; this list has {last} numbered page(s).")
    start = count - number * size
    return ListPage(
        number, start, start + size, number - 1 or None, number + 1 if number < last else FRONT
    )


def api_depth_of(number: int, size: int) -> int:
    """As ``cms.views.pagination.depth_of``: page ``number``'s own entries, and whether an
    entry follows the next full page (``api_page``'s "previous" link leads to it only then)."""
    return (number + 1) * size + 1


def page_fields(page: ListPage, count: int, size: int, link) -> dict:
    """A page's ``count``/``page``/``next``/… fields; ``link(number)`` gives a page's URL,
    ``FRONT`` the list's own. The live views and the export (``cms.pages.api_lists``) both
    build them here."""
    fields = {"count": count} if page.is_front else {}
    fields["page"] = None if page.is_front else page.number
    if page.is_front:
        fields["pages"] = numbered_api_pages(count, size)
    fields["page_size"] = size
    fields["next"] = None if page.older is None else link(page.older)
    fields["previous"] = None if page.newer is None else link(page.newer)
    return fields


def page_link(url_name: str, url_kwargs: dict, number: int, query: str = "") -> str:
    """The absolute URL of page ``number`` (``FRONT``: the list's own), with ``query``."""
    url = absolute_url(api_page_path(url_name, url_kwargs, None if number == FRONT else number))
    return f"{url}?{query}" if query else url


def paginate(
    request: Request,
    queryset: QuerySet,
    *,
    url_name: str,
    url_kwargs: dict,
    number: int | None,
    size: int,
) -> tuple[list, dict]:
    """The objects on the front (``number`` None) or numbered page ``number``, and its fields."""
    count = queryset.count()
    try:
        page = api_page(count, size, number)
    except LookupError as error:
        raise NotFound(
            f"There is no page {number}; this list has {numbered_api_pages(count, size)} "
            "numbered page(s), counted from the oldest entry, and its newest entries are "
            "on its own address."
        ) from error
    query = request.query_params.urlencode()

    def link(target: int) -> str:
        return page_link(url_name, url_kwargs, target, query)

    return list(queryset[page.start : page.stop]), page_fields(page, count, size, link)

"""Pagination by path (``entries.json``, ``entries/page/2.json``), so every page is a file.

A list route ``<name>`` has its later pages at ``<name>-page``. Page 1 has
one address only (``/page/1.json`` redirects to it) and a page past the end
is a 404. ``next`` and ``previous`` are absolute and keep the request's
(already validated) query string, so live filters carry across pages.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from cms.absolute import absolute_url
from cms.public_urls import api_page_path


def paginate(
    request: Request,
    queryset: QuerySet,
    *,
    url_name: str,
    url_kwargs: dict,
    number: int,
    size: int,
) -> tuple[list, dict]:
    """The objects on page ``number`` and the page's ``count``/``next``/... fields."""
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise NotFound(
            f"There is no page {number}; this list has {paginator.num_pages} page(s)."
        ) from error
    query = request.query_params.urlencode()

    def link(target: int) -> str:
        url = absolute_url(api_page_path(url_name, url_kwargs, target))
        return f"{url}?{query}" if query else url

    head = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), head

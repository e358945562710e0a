"""Path-based pagination (``/en/page/2/``), because query strings cannot be static files."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse


class PathPaginationMixin:
    """List views paginated by a ``page`` URL argument.

    ``url_name`` is the route of page one; ``url_name + "-page"`` takes the page
    number. ``/page/1/`` redirects to the first page's own URL so every page has
    exactly one address, and a page past the end is a 404.
    """

    url_name: str
    paginate_by = 10

    def get_url_kwargs(self) -> dict:
        return {key: value for key, value in self.kwargs.items() if key != "page"}

    def page_url(self, number: int) -> str:
        if number == 1:
            return reverse(f"cms:{self.url_name}", kwargs=self.get_url_kwargs())
        return reverse(
            f"cms:{self.url_name}-page", kwargs={**self.get_url_kwargs(), "page": number}
        )

    def get(self, request, *args, **kwargs):
        if kwargs.get("page") == 1:
            return HttpResponsePermanentRedirect(self.page_url(1))
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        try:
            page = paginator.page(self.kwargs.get("page", 1))
        except InvalidPage as error:
            raise Http404(str(error)) from error
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["previous_page_url"] = (
            self.page_url(page.previous_page_number()) if page.has_previous() else None
        )
        context["next_page_url"] = (
            self.page_url(page.next_page_number()) if page.has_next() else None
        )
        context["canonical_path"] = self.page_url(page.number)
        return context

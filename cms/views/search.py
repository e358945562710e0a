"""The search page: a form, and for a query the ranked public entries of this language.

Search is the one page that reads a query string (``?q=…&page=N``): a static
copy cannot answer one, so there the same page, exported without a query,
runs Pagefind in the browser instead (``static/cms/search.js``). Without
``q`` it is an ordinary page and exports as ``/<lang>/search/index.html``.
"""

from urllib.parse import urlencode

from django.utils.translation import get_language
from django.views.generic import TemplateView

from cms.public_urls import public_path
from cms.search import parse_query, search_entries


class SearchView(TemplateView):
    template_name = "cms/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = parse_query(self.request.GET.get("q", ""))
        context["query"] = query.text
        context["canonical_path"] = public_path("cms:search")
        if not query.text:
            return context
        found = search_entries(query, language=get_language(), page=self.request.GET.get("page"))
        page = found.page
        context.update(
            {
                "results": found.results,
                "total": found.total,
                "page_obj": page,
                "previous_page_url": self.page_url(query.text, page.previous_page_number())
                if page.has_previous()
                else None,
                "next_page_url": self.page_url(query.text, page.next_page_number())
                if page.has_next()
                else None,
            }
        )
        return context

    @staticmethod
    def page_url(text: str, number: int) -> str:
        """Relative to the page itself, so it works under any path prefix."""
        params = {"q": text} if number == 1 else {"q": text, "page": number}
        return "?" + urlencode(params)

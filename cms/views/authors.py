"""Team author pages: a byline author's public entries in one language."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import ListView

from cms.models import Entry
from cms.publishing import public_authors
from cms.views.pagination import PathPaginationMixin


class AuthorDetailView(PathPaginationMixin, ListView):
    """Exists only while the author has one (``public_authors``), so no account is exposed."""

    url_name = "author-detail"
    template_name = "cms/author_detail.html"
    context_object_name = "entries"

    def get_queryset(self):
        language = get_language()
        self.author = get_object_or_404(public_authors(language), username=self.kwargs["username"])
        return (
            Entry.objects.published().filter(language=language, authors=self.author).for_listing()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        return context

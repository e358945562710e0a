"""The language home (a paginated list of entries) and the entry page."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from cms.models import Entry
from cms.pages.entry import entry_context
from cms.sitemaps import home_alternates
from cms.views.pagination import PathPaginationMixin


class EntryListView(PathPaginationMixin, ListView):
    url_name = "entry-list"
    template_name = "cms/entry_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return Entry.objects.published().filter(language=get_language()).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].is_front:
            context["hreflang_alternates"] = home_alternates()
        return context


class EntryDetailView(DetailView):
    template_name = "cms/entry_detail.html"
    context_object_name = "entry"

    def get_object(self, queryset=None):
        queryset = (
            Entry.objects.published()
            .filter(language=get_language())
            .select_related("translation_of", "paper")
            .with_topics_and_byline()
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(entry_context(self.object, self.object.public_versions()))
        return context

"""The language home (a paginated list of entries) and the entry page."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from cms.models import Entry
from cms.sitemaps import home_alternates
from cms.views.pagination import PathPaginationMixin


class EntryListView(PathPaginationMixin, ListView):
    url_name = "entry-list"
    template_name = "cms/entry_list.html"
    context_object_name = "entries"

    def get_paginate_by(self, queryset):
        return settings.CMS_ENTRIES_PER_PAGE

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
            .select_related("translation_of")
            .prefetch_related("topics", "authors")
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = self.object.public_versions()
        context["other_versions"] = versions
        context["alternate_urls"] = {
            version.language: version.get_absolute_url() for version in versions
        }
        context["canonical_path"] = self.object.get_absolute_url()
        originals = [v for v in [self.object, *versions] if v.pk == self.object.original_id]
        if versions:
            original = originals[0] if originals else self.object
            context["hreflang_alternates"] = (
                (self.object.language, self.object.get_absolute_url()),
                *context["alternate_urls"].items(),
                ("x-default", original.get_absolute_url()),
            )
        return context

"""Team author pages: a byline author's public entries in one language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import ListView

from cms.models import Entry
from cms.views.pagination import PathPaginationMixin


class AuthorDetailView(PathPaginationMixin, ListView):
    """Exists only while the author has public entries, so no account is exposed otherwise."""

    url_name = "author-detail"
    template_name = "cms/author_detail.html"
    context_object_name = "entries"

    def get_paginate_by(self, queryset):
        return settings.CMS_ENTRIES_PER_PAGE

    def get_queryset(self):
        self.author = get_object_or_404(
            get_user_model(), username=self.kwargs["username"], is_active=True
        )
        entries = (
            Entry.objects.published()
            .filter(language=get_language(), authors=self.author)
            .for_listing()
        )
        if not entries.exists():
            raise Http404("This author has no public entries in this language.")
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        return context

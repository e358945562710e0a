"""Standalone pages (About, Contact)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView

from cms.models import Page
from cms.pages.page import page_context


class PageDetailView(DetailView):
    template_name = "cms/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Page.objects.public(), language=get_language(), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_context(self.object))
        return context

"""Topic index and topic pages, per language."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import ListView, TemplateView

from cms.models import Entry, Topic
from cms.pages.indexes import TOPICS_TEMPLATE, topic_index_context
from cms.sitemaps import topic_alternates, topic_languages
from cms.views.pagination import PathPaginationMixin


class TopicListView(TemplateView):
    """Topics with public entries in this language; the page kind is ``cms.pages.indexes``."""

    template_name = TOPICS_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # An aggregate query drops the model's ordering; the API's list orders the same way.
        topics = list(Topic.objects.with_public_entry_counts(get_language()).order_by("slug"))
        context.update(topic_index_context(topics))
        return context


class TopicDetailView(PathPaginationMixin, ListView):
    url_name = "topic-detail"
    template_name = "cms/topic_detail.html"
    context_object_name = "entries"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        entries = (
            Entry.objects.published()
            .filter(language=get_language(), topics=self.topic)
            .for_listing()
        )
        if not entries.exists():
            raise Http404("No public entries in this topic and language.")
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        if context["page_obj"].is_front:
            languages = topic_languages([self.topic.pk])[self.topic.pk]
            context["hreflang_alternates"] = topic_alternates(self.topic, languages)
        return context

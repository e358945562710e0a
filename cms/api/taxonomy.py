"""Topics and team authors of one language, each with its public entries by page.

A topic or an author exists in a language only while it has public entries
there (as on the HTML site: ``Topic.objects.with_public_entries`` and
``cms.publishing.public_authors``), so neither can reveal an unpublished
entry or an account that never wrote anything public: a name that exists
without public entries answers the same bytes as a name never used.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cms.api.base import PathPaginatedView, PublicAPIView
from cms.api.docs import language_parameter, page_parameter, read_responses
from cms.api.documents import author_document, topic_document
from cms.api.envelopes import (
    AuthorEntryPageSerializer,
    AuthorListSerializer,
    TopicEntryPageSerializer,
    TopicListSerializer,
)
from cms.api.params import PageSizeQuery, filter_entries
from cms.api.serializers import (
    AuthorListItemSerializer,
    EntrySummarySerializer,
    TopicListItemSerializer,
)
from cms.models import Entry, Topic
from cms.pages.api_site import author_list_document, topic_list_document
from cms.publishing import public_authors, public_entry_count

AUTHOR_FIELDS = ("id", "username", "first_name", "last_name", "is_active")


class TopicListView(PublicAPIView):
    """Topics that have public entries in this language, with their counts."""

    serializer_class = TopicListItemSerializer

    @extend_schema(
        operation_id="topics",
        tags=["topics"],
        summary="Topics with public entries in one language",
        parameters=[language_parameter()],
        responses=read_responses(TopicListSerializer),
    )
    def get(self, request, *args, **kwargs):
        topics = Topic.objects.with_public_entry_counts(self.language).order_by("slug")
        return Response(topic_list_document(self.language, list(topics)))


class TopicEntriesView(PathPaginatedView):
    """A topic and its public entries in this language. Paginated by path: ``next`` and
    ``previous`` are absolute URLs of the other pages, and the static export holds the same
    pages as files. Query parameters work on the live API only.
    """

    serializer_class = EntrySummarySerializer
    query_class = PageSizeQuery
    url_name = "api-topic-detail"
    allow_empty = False
    empty_message = "No topic with this slug has public entries in this language."

    def get_queryset(self):
        topics = Topic.objects.with_public_entries(self.language)
        self.topic = find_or_404(topics, self.empty_message, slug=self.kwargs["slug"])
        entries = Entry.objects.published().filter(language=self.language, topics=self.topic)
        return filter_entries(entries.for_listing(), {})

    def get_head(self) -> dict:
        return {"topic": topic_document(self.topic, self.language)}

    @extend_schema(
        operation_id="topic",
        tags=["topics"],
        summary="A topic and its public entries in one language, newest first",
        parameters=[language_parameter(), PageSizeQuery],
        responses=read_responses(TopicEntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TopicEntriesPageView(TopicEntriesView):
    @extend_schema(
        operation_id="topic_page",
        tags=["topics"],
        summary="A later page of a topic's entries",
        parameters=[language_parameter(), page_parameter(), PageSizeQuery],
        responses=read_responses(TopicEntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def team_authors(language: str):
    return public_authors(language).only(*AUTHOR_FIELDS)


def find_or_404(queryset, message: str, **lookup):
    """The one object ``lookup`` names, or a 404 whose body never depends on why."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(message)
    return found


class AuthorListView(PublicAPIView):
    """Team authors who have public entries in this language, with their counts."""

    serializer_class = AuthorListItemSerializer

    @extend_schema(
        operation_id="authors",
        tags=["authors"],
        summary="Team authors with public entries in one language",
        parameters=[language_parameter()],
        responses=read_responses(AuthorListSerializer),
    )
    def get(self, request, *args, **kwargs):
        authors = (
            team_authors(self.language)
            .annotate(entry_count=public_entry_count(self.language))
            .order_by("username")
        )
        return Response(author_list_document(self.language, list(authors)))


class AuthorEntriesView(PathPaginatedView):
    """A team author and their public entries in this language. Paginated by path: ``next`` and
    ``previous`` are absolute URLs of the other pages, and the static export holds the same
    pages as files. Query parameters work on the live API only.
    """

    serializer_class = EntrySummarySerializer
    query_class = PageSizeQuery
    url_name = "api-author-detail"
    allow_empty = False
    empty_message = "No author with this name has public entries in this language."

    def get_queryset(self):
        authors = team_authors(self.language)
        self.author = find_or_404(authors, self.empty_message, username=self.kwargs["username"])
        entries = Entry.objects.published().filter(language=self.language, authors=self.author)
        return filter_entries(entries.for_listing(), {})

    def get_head(self) -> dict:
        return {"author": author_document(self.author, self.language, known_public=True)}

    @extend_schema(
        operation_id="author",
        tags=["authors"],
        summary="A team author and their public entries in one language, newest first",
        parameters=[language_parameter(), PageSizeQuery],
        responses=read_responses(AuthorEntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AuthorEntriesPageView(AuthorEntriesView):
    @extend_schema(
        operation_id="author_page",
        tags=["authors"],
        summary="A later page of an author's entries",
        parameters=[language_parameter(), page_parameter(), PageSizeQuery],
        responses=read_responses(AuthorEntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

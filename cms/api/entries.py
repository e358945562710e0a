"""Public entries: lists newest first (all languages, or one) and one entry."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from cms.api.base import PathPaginatedView, PublicAPIView
from cms.api.docs import language_parameter, page_parameter, read_responses
from cms.api.documents import entry_document
from cms.api.envelopes import EntryPageSerializer
from cms.api.params import AllEntriesQuery, EntryListQuery, filter_entries
from cms.api.serializers import EntryDetailSerializer, EntrySummarySerializer
from cms.models import Entry


class EntryListView(PathPaginatedView):
    """Public entries in one language, newest first. Paginated by path: ``next`` and ``previous``
    are absolute URLs of the other pages, and the static export holds the same pages as files.
    Query parameters work on the live API only.
    """

    serializer_class = EntrySummarySerializer
    query_class = EntryListQuery
    url_name = "api-entry-list"

    def get_queryset(self):
        entries = Entry.objects.published().filter(language=self.language).for_listing()
        return filter_entries(entries, self.params)

    @extend_schema(
        operation_id="entries_in_language",
        tags=["entries"],
        summary="Public entries in one language, newest first",
        parameters=[language_parameter(), EntryListQuery],
        responses=read_responses(EntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EntryListPageView(EntryListView):
    @extend_schema(
        operation_id="entries_in_language_page",
        tags=["entries"],
        summary="A later page of a language's entries",
        parameters=[language_parameter(), page_parameter(), EntryListQuery],
        responses=read_responses(EntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AllEntryListView(PathPaginatedView):
    """Public entries in every language, newest first. Paginated by path: ``next`` and ``previous``
    are absolute URLs of the other pages, and the static export holds the same pages as files.
    Query parameters work on the live API only.
    """

    serializer_class = EntrySummarySerializer
    query_class = AllEntriesQuery
    url_name = "api-all-entries"

    def get_queryset(self):
        return filter_entries(Entry.objects.published().for_listing(), self.params)

    @extend_schema(
        operation_id="entries",
        tags=["entries"],
        summary="Public entries in every language, newest first",
        parameters=[AllEntriesQuery],
        responses=read_responses(EntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AllEntryListPageView(AllEntryListView):
    @extend_schema(
        operation_id="entries_page",
        tags=["entries"],
        summary="A later page of the entries in every language",
        parameters=[page_parameter(), AllEntriesQuery],
        responses=read_responses(EntryPageSerializer),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EntryDetailView(PublicAPIView):
    """One public entry: rendered ``body_html`` and its Markdown ``body``, sources, topics, byline,
    translation provenance and its other public language versions.
    """

    serializer_class = EntryDetailSerializer

    @extend_schema(
        operation_id="entry",
        tags=["entries"],
        summary="One public entry with its body, sources, provenance and other versions",
        parameters=[language_parameter()],
        responses=read_responses(EntryDetailSerializer),
    )
    def get(self, request, *args, **kwargs):
        entry = get_object_or_404(
            Entry.objects.published()
            .filter(language=self.language)
            .select_related("translation_of", "paper")
            .with_topics_and_byline(),
            slug=kwargs["slug"],
        )
        return Response(entry_document(entry, entry.public_versions()))

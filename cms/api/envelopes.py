"""The documented shapes of whole responses: lists, pages of entries, the index, errors.

Views build these bodies as plain dicts (``cms.api.pagination``); the
serializers here exist so the OpenAPI schema states them exactly.
"""

from rest_framework import serializers

from cms.api.serializers import (
    AuthorListItemSerializer,
    AuthorSerializer,
    EntrySummarySerializer,
    PageSerializer,
    TopicListItemSerializer,
    TopicSerializer,
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field; empty when the error is not about a field.",
    )


class ConflictSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()


class EntryPageSerializer(serializers.Serializer):
    """One page of entries, newest first unless ``ordering`` says otherwise: the list's own
    address (its front, the first ``page_size``) or a numbered page, counted from the end
    (``cms.api.pagination``)."""

    count = serializers.IntegerField(
        required=False, help_text="Entries on all pages together; on the front only."
    )
    page = serializers.IntegerField(
        allow_null=True, help_text="The numbered page's number; null on the front."
    )
    pages = serializers.IntegerField(
        required=False, help_text="How many numbered pages the list has; on the front only."
    )
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, help_text="The page of the older entries.")
    previous = serializers.URLField(allow_null=True, help_text="The page of the newer entries.")
    results = EntrySummarySerializer(many=True)


class TopicEntryPageSerializer(EntryPageSerializer):
    topic = TopicSerializer()


class AuthorEntryPageSerializer(EntryPageSerializer):
    author = AuthorSerializer()


class TopicListSerializer(serializers.Serializer):
    language = serializers.CharField()
    count = serializers.IntegerField()
    results = TopicListItemSerializer(many=True)


class AuthorListSerializer(serializers.Serializer):
    language = serializers.CharField()
    count = serializers.IntegerField()
    results = AuthorListItemSerializer(many=True)


class PageListSerializer(serializers.Serializer):
    language = serializers.CharField()
    count = serializers.IntegerField()
    results = PageSerializer(many=True)


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="The language's home page.")
    api_url = serializers.URLField(help_text="The language's entries, newest first.")
    topics_api_url = serializers.URLField()
    authors_api_url = serializers.URLField()
    pages_api_url = serializers.URLField()
    entry_count = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    topics = serializers.IntegerField()
    authors = serializers.IntegerField()
    pages = serializers.IntegerField()


class IndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    entries_api_url = serializers.URLField(help_text="Entries in every language, newest first.")
    schema_url = serializers.URLField()
    docs_url = serializers.URLField()
    counts = CountsSerializer(help_text="Public content only.")
    languages = LanguageSerializer(many=True)

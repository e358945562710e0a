"""Public read serializers: explicit field lists, and only what the public pages show.

No serializer here uses ``fields = "__all__"`` or ``exclude``: a field reaches
the API only by being listed. Users appear as team authors (username and
display name), never with an e-mail address, staff flag or login time.
Language-dependent values (topic names, author pages) come from the
``language`` in the serializer context or the entry's own language.

The entry documents and the topics and authors in them are built by
``cms.api.documents`` (plain functions, much cheaper per entry); the
serializers here stay their declaration to the OpenAPI schema, and
``tests/test_api_documents.py`` holds the two to the same bytes.
"""

from django.utils.translation import override
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms import public_urls
from cms.absolute import absolute_url
from cms.models import Entry, TranslationMethod
from cms.provenance import provenance_line
from cms.publishing import Status


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_name(self, topic) -> str:
        return topic.name_in(self.context["language"])

    def get_url(self, topic) -> str:
        return absolute_url(topic.get_absolute_url(self.context["language"]))

    def get_api_url(self, topic) -> str:
        return public_urls.topic_api_url(topic, self.context["language"])


class TopicListItemSerializer(TopicSerializer):
    entry_count = serializers.IntegerField(help_text="Public entries in this language.")


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()

    def page_rule(self) -> dict:
        """What ``public_urls.author_path`` needs to decide without a query where it can."""
        return {
            "credited_on": self.context.get("credited_on"),
            "known_public": self.context.get("public_authors", False),
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, user) -> str | None:
        """``null`` when the user has no author page (a former team member, say)."""
        path = public_urls.author_path(user, self.context["language"], **self.page_rule())
        return public_urls.html_url(path)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_api_url(self, user) -> str | None:
        return public_urls.author_api_url(user, self.context["language"], **self.page_rule())


class AuthorListItemSerializer(AuthorSerializer):
    entry_count = serializers.IntegerField(help_text="Public entries in this language.")


class EntryRefSerializer(serializers.Serializer):
    """Another language version of an entry."""

    id = serializers.IntegerField()
    language = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, entry) -> str:
        return absolute_url(entry.get_absolute_url())

    def get_api_url(self, entry) -> str:
        return public_urls.entry_api_url(entry)


class TranslationSummarySerializer(serializers.Serializer):
    """Where the text came from: written in this language, or translated by whom."""

    method = serializers.ChoiceField(source="translation_method", choices=TranslationMethod.choices)
    translator = serializers.CharField(help_text="The engine or person; empty for an original.")
    engine = serializers.CharField(
        source="mt_engine", help_text="The engine's code (deepl, google, libretranslate) or empty."
    )
    post_editor = serializers.CharField(help_text="Who edited the machine translation, or empty.")
    translated_at = serializers.DateTimeField(allow_null=True)
    line = serializers.SerializerMethodField(
        help_text="The provenance line in the entry's language."
    )

    def get_line(self, entry) -> str:
        from cms.templatetags.cms_tags import cjk_spaced

        with override(entry.language):
            return str(cjk_spaced(provenance_line(entry, entry.language)))


class EntrySummarySerializer(serializers.Serializer):
    """An entry as lists show it."""

    id = serializers.IntegerField()
    language = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    publish_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    topics = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    translation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def nested_context(self, entry: Entry) -> dict:
        return {**self.context, "language": entry.language, "credited_on": entry}

    @extend_schema_field(TopicSerializer(many=True))
    def get_topics(self, entry):
        return TopicSerializer(
            entry.topics.all(), many=True, context=self.nested_context(entry)
        ).data

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, entry):
        return AuthorSerializer(
            entry.authors.all(), many=True, context=self.nested_context(entry)
        ).data

    @extend_schema_field(TranslationSummarySerializer)
    def get_translation(self, entry):
        return TranslationSummarySerializer(entry).data

    def get_url(self, entry) -> str:
        return absolute_url(entry.get_absolute_url())

    def get_api_url(self, entry) -> str:
        return public_urls.entry_api_url(entry)


class TranslationSerializer(TranslationSummarySerializer):
    original = serializers.SerializerMethodField(
        help_text="The original entry, when this is a translation and the original is public."
    )

    @extend_schema_field(EntryRefSerializer(allow_null=True))
    def get_original(self, entry):
        versions = self.context.get("versions", [])
        original = next((v for v in versions if v.pk == entry.translation_of_id), None)
        return EntryRefSerializer(original).data if original else None


class EntryDetailSerializer(EntrySummarySerializer):
    """An entry with everything its public page shows, and its Markdown source."""

    body_html = serializers.CharField(help_text="The body rendered and sanitised.")
    body = serializers.CharField(help_text="The Markdown source of ``body_html``.")
    paper_authors = serializers.ListField(source="paper_author_list", child=serializers.CharField())
    source_url = serializers.CharField(help_text="The paper's address, or empty.")
    arxiv_id = serializers.CharField()
    doi = serializers.CharField()
    code_url = serializers.CharField(help_text="The paper's code, or empty.")
    journal_ref = serializers.CharField(help_text="Where the paper was published, or empty.")
    paper_comment = serializers.CharField(help_text="The paper's authors' comment, or empty.")
    paper_published = serializers.DateTimeField(
        allow_null=True, help_text="When the paper first appeared (its first version)."
    )
    paper_updated = serializers.DateTimeField(
        allow_null=True, help_text="When the paper was last revised."
    )
    classification = serializers.ListField(
        source="classification_list",
        child=serializers.CharField(),
        help_text="Subject classes that are not topics (MSC, ACM, other archives' codes).",
    )
    versions = serializers.SerializerMethodField()

    @extend_schema_field(TranslationSerializer)
    def get_translation(self, entry):
        return TranslationSerializer(entry, context=self.context).data

    @extend_schema_field(EntryRefSerializer(many=True))
    def get_versions(self, entry):
        """The other public language versions, by language code."""
        return EntryRefSerializer(self.context.get("versions", []), many=True).data


class PreviewEntrySerializer(EntryDetailSerializer):
    """An unpublished entry, for a front-end holding a signed preview token."""

    publish_at = serializers.DateTimeField(
        allow_null=True, help_text="When the entry is or will be public; null for a draft."
    )
    status = serializers.ChoiceField(choices=Status.choices)
    version = serializers.IntegerField()
    preview = serializers.SerializerMethodField()

    def get_preview(self, entry) -> bool:
        return True


class PageSerializer(serializers.Serializer):
    language = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    nav_order = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return absolute_url(page.get_absolute_url())

    def get_api_url(self, page) -> str:
        return public_urls.page_api_url(page)


class PageDetailSerializer(PageSerializer):
    body_html = serializers.CharField()
    body = serializers.CharField(help_text="The Markdown source of ``body_html``.")

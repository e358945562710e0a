"""What token holders send to create or change an entry, and what they get back.

Field formats are checked here (types, lengths, choices); the content rules
(slugs, URLs, identifiers, Markdown limits, translation rules, uniqueness)
are the model's own, applied by ``full_clean()`` in ``cms.api.editing``.
"""

from rest_framework import serializers

from cms import public_urls
from cms.absolute import absolute_url
from cms.languages import language_choices
from cms.models import TranslationMethod
from cms.publishing import Status, is_public

MAX_ID = 2**53
MAX_VERSION = 2**31 - 1


class EntryInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    slug = serializers.CharField(max_length=120, help_text="Lowercase a-z, digits, hyphens.")
    language = serializers.ChoiceField(choices=[])
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Markdown."
    )
    paper_authors = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=500
    )
    source_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    arxiv_id = serializers.CharField(max_length=32, required=False, allow_blank=True)
    doi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    code_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    topics = serializers.ListField(
        child=serializers.CharField(max_length=80),
        required=False,
        max_length=100,
        help_text="Topic slugs; the whole set.",
    )
    authors = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        max_length=50,
        help_text="Usernames of the team byline; the whole set. Left out on a new entry: you.",
    )
    translation_of = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    translation_method = serializers.ChoiceField(choices=TranslationMethod.choices, required=False)
    translator = serializers.CharField(max_length=100, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    publish_at = serializers.DateTimeField(required=False, allow_null=True)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="With a status change back from review by an editor: what should change.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_VERSION,
        help_text="Updates: the version you loaded (or send it as If-Match).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


class ManagedEntrySerializer(serializers.Serializer):
    """An entry as its editors see it, whatever its status."""

    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)
    public = serializers.SerializerMethodField()
    language = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    body_html = serializers.CharField()
    paper_authors = serializers.ListField(source="paper_author_list", child=serializers.CharField())
    source_url = serializers.CharField()
    arxiv_id = serializers.CharField()
    doi = serializers.CharField()
    code_url = serializers.CharField()
    topics = serializers.SerializerMethodField(help_text="Topic slugs.")
    authors = serializers.SerializerMethodField(help_text="Usernames of the byline.")
    translation_of = serializers.IntegerField(source="translation_of_id", allow_null=True)
    translation_method = serializers.ChoiceField(choices=TranslationMethod.choices)
    translator = serializers.CharField()
    publish_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    preview_api_url = serializers.SerializerMethodField()

    def get_topics(self, entry) -> list[str]:
        return [topic.slug for topic in entry.topics.all()]

    def get_authors(self, entry) -> list[str]:
        return [user.get_username() for user in entry.authors.all()]

    def get_public(self, entry) -> bool:
        return is_public(entry)

    def get_url(self, entry) -> str | None:
        """The public page; ``null`` while the entry is not public."""
        return absolute_url(entry.get_absolute_url()) if is_public(entry) else None

    def get_api_url(self, entry) -> str | None:
        return public_urls.entry_api_url(entry) if is_public(entry) else None

    def get_preview_api_url(self, entry) -> str:
        """A signed, expiring address a front-end can fetch this version from, public or not."""
        from cms.api.preview import preview_api_url

        return preview_api_url(entry)

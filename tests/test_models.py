"""Model validation: the rules an editor meets when saving content."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.exceptions import EditConflict
from cms.models import Entry, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_topic, tomorrow, yesterday

pytestmark = pytest.mark.django_db


def errors_of(entry: Entry) -> dict:
    with pytest.raises(ValidationError) as caught:
        entry.full_clean()
    return caught.value.message_dict


class TestEntryValidation:
    def test_slug_with_uppercase_or_spaces_is_refused_with_an_example(self):
        entry = Entry(title="T", slug="Bad Slug", language="en")
        assert "protein-folding-2024" in errors_of(entry)["slug"][0]

    @pytest.mark.parametrize("slug", ["..", "a/b", "café", "-lead", "double--hyphen", "x_y"])
    def test_slug_that_is_not_url_safe_is_refused(self, slug):
        assert "slug" in errors_of(Entry(title="T", slug=slug, language="en"))

    def test_slug_is_unique_per_language_with_a_clear_message(self):
        make_entry(slug="same", language="en")
        duplicate = Entry(title="T", slug="same", language="en")
        assert "already exists in this language" in str(errors_of(duplicate))

    def test_same_slug_in_another_language_is_allowed(self):
        make_entry(slug="same", language="en")
        make_entry(slug="same", language="zh-hans")
        assert Entry.objects.filter(slug="same").count() == 2

    def test_translation_in_the_same_language_as_its_original_is_refused(self):
        original = make_entry(language="en")
        translation = Entry(
            title="T",
            slug="t",
            language="en",
            translation_of=original,
            translation_method=TranslationMethod.HUMAN,
            translator="Li Wei",
        )
        assert "different language" in errors_of(translation)["language"][0]

    def test_second_translation_in_one_language_is_refused(self):
        original = make_entry(language="en", slug="paper")
        make_entry(
            language="zh-hans",
            slug="paper",
            translation_of=original,
            translation_method=TranslationMethod.MACHINE,
            translator="DeepL",
        )
        second = Entry(
            title="T",
            slug="paper-2",
            language="zh-hans",
            translation_of=original,
            translation_method=TranslationMethod.HUMAN,
            translator="Li Wei",
        )
        assert "already has a translation in this language" in str(errors_of(second))

    def test_second_translation_is_refused_by_the_database_too(self):
        original = make_entry(language="en", slug="paper")
        fields = dict(
            language="zh-hans",
            translation_of=original,
            translation_method=TranslationMethod.HUMAN,
            translator="X",
            title="T",
        )
        Entry.objects.create(slug="one", **fields)
        with pytest.raises(IntegrityError), transaction.atomic():
            Entry.objects.create(slug="two", **fields)

    def test_translation_of_a_translation_is_refused(self):
        original = make_entry(language="en")
        first = make_entry(
            language="zh-hans",
            translation_of=original,
            translation_method=TranslationMethod.HUMAN,
            translator="Li Wei",
        )
        chained = Entry(
            title="T",
            slug="t",
            language="en",
            translation_of=first,
            translation_method=TranslationMethod.HUMAN,
            translator="A",
        )
        assert "not another translation" in errors_of(chained)["translation_of"][0]

    def test_translation_needs_a_translator(self):
        entry = Entry(
            title="T", slug="t", language="zh-hans", translation_method=TranslationMethod.MACHINE
        )
        assert "Google Translate" in errors_of(entry)["translator"][0]

    def test_translation_cannot_be_marked_original(self):
        original = make_entry(language="en")
        entry = Entry(title="T", slug="t", language="zh-hans", translation_of=original)
        assert "machine or a human" in errors_of(entry)["translation_method"][0]

    @pytest.mark.parametrize(
        "field, value",
        [
            ("arxiv_id", "arXiv:2401.01234v2"),
            ("doi", "https://doi.org/10.1/x"),
            ("source_url", "javascript:alert(1)"),
            ("code_url", "ftp://example.org/code"),
        ],
    )
    def test_source_fields_refuse_malformed_values(self, field, value):
        entry = Entry(title="T", slug="t", language="en", **{field: value})
        assert field in errors_of(entry)

    def test_language_outside_the_configured_ones_is_refused(self):
        assert "language" in errors_of(Entry(title="T", slug="t", language="xx"))


class TestEntrySaving:
    def test_body_html_is_rendered_and_sanitised_on_save(self):
        entry = make_entry(body="# Title\n\n<script>alert(1)</script>Hello")
        assert "<h1" in entry.body_html
        assert "<script" not in entry.body_html

    def test_publishing_without_a_date_publishes_now(self):
        entry = make_entry(status=Status.PUBLISHED, publish_at=None)
        assert entry.publish_at is not None

    def test_every_save_increments_the_version(self):
        entry = make_entry()
        entry.title = "Changed"
        entry.save()
        assert Entry.objects.get(pk=entry.pk).version == 2

    def test_save_with_a_stale_version_raises_and_changes_nothing(self):
        entry = make_entry(title="First")
        stale = Entry.objects.get(pk=entry.pk)
        entry.title = "Second"
        entry.save(expected_version=1)
        stale.title = "Stale"
        with pytest.raises(EditConflict):
            stale.save(expected_version=1)
        assert Entry.objects.get(pk=entry.pk).title == "Second"


class TestVisibility:
    def test_only_published_entries_whose_time_has_come_are_public(self):
        visible = make_entry(status=Status.PUBLISHED, publish_at=yesterday())
        make_entry(status=Status.PUBLISHED, publish_at=tomorrow())
        make_entry(status=Status.DRAFT)
        make_entry(status=Status.REVIEW)
        make_entry(status=Status.ARCHIVED, publish_at=yesterday())
        assert list(Entry.objects.published()) == [visible]

    def test_public_versions_exclude_unpublished_translations(self):
        original = make_entry(language="en", slug="p")
        make_entry(
            language="zh-hans",
            slug="p",
            status=Status.DRAFT,
            translation_of=original,
            translation_method=TranslationMethod.HUMAN,
            translator="Li Wei",
        )
        assert original.public_versions() == []

    def test_a_topic_is_public_in_a_language_only_through_a_public_entry_in_it(self):
        """A public entry in one language and a draft in another give no page in the other."""
        topic = make_topic("ml")
        make_entry(language="zh-hans", topics=[topic])
        make_entry(language="en", status=Status.DRAFT, topics=[topic])
        assert list(Topic.objects.with_public_entries("zh-hans")) == [topic]
        assert list(Topic.objects.with_public_entries(None)) == [topic]
        assert list(Topic.objects.with_public_entries("en")) == []
        assert list(Topic.objects.with_public_entry_counts("en")) == []
        [counted] = Topic.objects.with_public_entry_counts("zh-hans")
        assert counted.entry_count == 1


class TestTopic:
    def test_name_falls_back_to_the_default_name(self):
        topic = make_topic("ml", "Machine learning", **{"zh-hans": "机器学习"})
        assert topic.name_in("zh-hans") == "机器学习"
        assert topic.name_in("fr") == "Machine learning"

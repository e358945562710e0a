"""Importing a Hugo folder of Markdown files: counts and skips, TOML front matter field by
field, translations by language suffix, page bundles, drafts, and importing again.
"""

from datetime import UTC, datetime

import pytest

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Topic, TranslationMethod
from cms.publishing import Status
from tests.support.import_markdown import HUGO, entry, write

pytestmark = pytest.mark.django_db


class TestHugoFolder:
    def test_summary_counts_and_skips(self):
        result = import_markdown(HUGO)
        assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
        assert [(c.label, c.detail) for c in result.skipped] == [
            ("posts/_index.md", "a section list with no text of its own")
        ]

    def test_toml_front_matter_is_stored_field_by_field(self):
        import_markdown(HUGO)
        post = entry("en", "protein-folding-fewer-samples")
        assert post.title == "Folding Proteins with Fewer Samples"
        assert (
            post.summary == "A structure predictor that needs a tenth of the usual training data."
        )
        assert post.publish_at == datetime(2024, 3, 4, 1, 30, tzinfo=UTC)
        assert post.status == Status.DRAFT
        assert post.translation_method == TranslationMethod.ORIGINAL
        assert post.import_ref == "markdown:en:posts/protein-folding"
        assert post.import_meta == {"source": "markdown", "file": "posts/protein-folding.md"}
        assert post.body.startswith("The authors train a structure predictor on **one tenth**")
        assert "<strong>one tenth</strong>" in post.body_html
        assert '<h2 id="why-it-matters">Why it matters</h2>' in post.body_html
        assert sorted(post.topics.values_list("slug", flat=True)) == [
            "biology",
            "digest",
            "machine-learning",
        ]

    def test_language_suffix_makes_a_translation_of_the_original(self):
        import_markdown(HUGO)
        original = entry("en", "protein-folding-fewer-samples")
        translation = entry("zh-hans", "protein-folding")
        assert translation.title == "用更少的样本折叠蛋白质"
        assert translation.translation_of == original
        assert translation.translation_method == TranslationMethod.HUMAN
        assert translation.translator == "李伟"
        assert translation.publish_at == datetime(2024, 3, 5, tzinfo=UTC)
        # its own tag is not kept: a translation carries its original's topics
        assert list(translation.topics.all()) == list(original.topics.all())

    def test_page_bundle_takes_its_slug_from_the_folder(self):
        import_markdown(HUGO)
        bundle = entry("en", "graph-bundle")
        assert bundle.title == "Graphs All the Way Down"
        assert bundle.summary == "Message passing on graphs of graphs."
        assert bundle.publish_at == datetime(2024, 2, 1, 8, 0, tzinfo=UTC)
        # "machine learning" names the topic another file created as "Machine Learning"
        assert list(bundle.topics.values_list("slug", flat=True)) == ["machine-learning"]
        assert Topic.objects.filter(slug="machine-learning").count() == 1

    def test_draft_stays_a_draft_whatever_the_status_option(self):
        import_markdown(HUGO, status=Status.PUBLISHED)
        assert entry("en", "draft-note").status == Status.DRAFT
        assert entry("en", "graph-bundle").status == Status.PUBLISHED

    def test_importing_again_changes_nothing(self):
        import_markdown(HUGO)
        revisions = Entry.history.count()
        result = import_markdown(HUGO)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
        assert Entry.history.count() == revisions

    def test_edited_file_updates_its_entry_in_place(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: First\n---\nOne.\n")
        import_markdown(tmp_path)
        write(tmp_path, "a.md", "---\ntitle: Second\n---\nTwo.\n")
        result = import_markdown(tmp_path)
        assert [(c.action, c.detail) for c in result.items] == [("update", "title, body")]
        post = entry("en", "a")
        assert (post.title, post.body, post.version) == ("Second", "Two.\n", 2)
        assert [r.title for r in post.history.order_by("history_id")] == ["First", "Second"]

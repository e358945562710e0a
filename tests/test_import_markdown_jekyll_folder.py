"""Importing a Jekyll folder of Markdown files: counts and skips, posts field by field,
language and date from front matter and file name, the drafts folder.
"""

from datetime import UTC, datetime

import pytest

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, TranslationMethod
from cms.publishing import Status
from tests.support.import_markdown import DATA, entry

pytestmark = pytest.mark.django_db


JEKYLL = DATA / "jekyll"


class TestJekyllFolder:
    def test_summary_counts_and_skips(self):
        result = import_markdown(JEKYLL)
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        assert [(c.label, c.detail) for c in result.skipped] == [
            ("_layouts/", "a Jekyll folder of templates, data or includes, not content"),
            ("index.md", "no front matter (a “---” or “+++” block at the top)"),
        ]
        assert not Entry.objects.filter(title="Not content").exists()  # _layouts/ is ignored

    def test_post_is_stored_field_by_field(self):
        import_markdown(JEKYLL)
        post = entry("en", "sparse-attention")
        assert post.title == "Sparse Attention, Dense Results"
        assert post.publish_at == datetime(2024, 1, 5, 6, 20, tzinfo=UTC)
        assert post.summary == ""
        assert post.import_meta["file"] == "_posts/2024-01-05-sparse-attention.md"
        assert "<em>every</em>" in post.body_html
        # Jekyll splits a categories string at spaces
        assert sorted(post.topics.values_list("name", flat=True)) == [
            "attention",
            "efficiency",
            "transformers",
        ]

    def test_language_code_and_date_come_from_front_matter_and_file_name(self):
        import_markdown(JEKYLL)
        post = entry("zh-hans", "quantum-notes")
        assert post.title == "量子纠错笔记"
        assert post.publish_at == datetime(2024, 2, 10, tzinfo=UTC)
        assert post.translation_method == TranslationMethod.ORIGINAL
        assert post.body == "表面码的阈值约为百分之一。\n"

    def test_drafts_folder_gives_drafts(self):
        import_markdown(JEKYLL, status=Status.PUBLISHED)
        assert entry("en", "unfinished-idea").status == Status.DRAFT
        assert entry("en", "sparse-attention").status == Status.PUBLISHED

"""Importing a Hugo site's content/ as Hugo lays it out: folders, bundles, sections, taxonomy
terms and translations; every file used or reported, and the command's report.
"""

import io
import json

import pytest
from django.core.management import call_command

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Page, Topic
from tests.support import import_hugo_site as shared
from tests.support.import_hugo_site import entry, item

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/import_hugo_site.py for the modules that share them.
site = shared.site


class TestHugoLayout:
    def test_files_with_one_name_in_different_folders_take_their_folders(self, site):
        import_markdown(site)
        assert entry("en", "about").title == "About"
        assert entry("en", "team-about").title == "About the team"
        assert entry("en", "docs-about").title == "About these docs"

    def test_bundle_is_one_entry_and_its_other_markdown_is_reported(self, site):
        result = import_markdown(site)
        assert entry("en", "first-post").title == "Reading Group: Sparse Attention"
        assert item(result, "posts/first-post/notes.md").detail == (
            "a resource of the bundle posts/first-post/index.md, not a page of its own "
            "(Hugo reads it only through that page's templates)"
        )
        assert not Entry.objects.filter(title="Resource").exists()

    def test_pages_hugo_never_renders_are_skipped_with_the_reason(self, site):
        result = import_markdown(site)
        assert item(result, "headless/index.md").detail == (
            "headless: true, so Hugo never renders it as a page"
        )
        assert item(result, "search.md").detail == (
            "a layout stub: the site's template “search” makes this page, and the file has "
            "no text of its own"
        )
        assert item(result, "archived.md").detail == (
            "_build render: never, so Hugo never renders it as a page"
        )
        assert not Entry.objects.filter(title__in=["Shared images", "Search", "Old"]).exists()

    def test_section_text_becomes_an_unpublished_page(self, site):
        import_markdown(site)
        posts = Page.objects.get(language="en", slug="posts")
        assert (posts.title, posts.body, posts.is_published) == (
            "Posts",
            "Notes from the reading group.",
            False,
        )
        assert Page.objects.get(slug="home").body == "Welcome to the reading group."

    def test_taxonomy_term_text_names_the_topic_and_its_body_is_reported(self, site):
        result = import_markdown(site)
        assert Topic.objects.get(slug="attention").name == "Attention"
        assert item(result, "tags/attention/_index.md").not_kept == [
            "the text of the tags page (topics have no text of their own)"
        ]

    def test_translation_in_a_bundle_neighbour_pairs_with_its_original(self, site):
        import_markdown(site)
        original = entry("en", "second")
        translation = entry("zh-hans", "second")
        assert translation.translation_of == original
        assert translation.translator == "李伟"


class TestHugoReport:
    def test_command_prints_every_skip_and_writes_the_json_report(self, site, tmp_path):
        out = io.StringIO()
        report = tmp_path / "report.json"
        call_command("import_markdown", str(site), "--json", str(report), stdout=out)
        printed = out.getvalue()
        assert "  skip      search.md: a layout stub" in printed
        assert "              not kept: weight: 3" in printed
        data = json.loads(report.read_text())
        assert data["counts"] == {
            "created": 9,  # 6 entries, 2 section pages, the topic "attention" its term names
            "updated": 0,
            "unchanged": 0,
            "skipped": 6,
            "not_kept": 5,
        }
        assert printed.splitlines()[-1] == data["summary"]
        first = next(i for i in data["items"] if i["label"] == "posts/first-post/index.md")
        assert first["action"] == "create" and "weight: 3" in first["not_kept"]

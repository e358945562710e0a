"""Importing a Hugo site's content/ as Hugo lays it out: every file used or reported."""

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from PIL import Image

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Page, Redirect, Topic
from cms.publishing import Status
from tests.factories import make_topic, make_user

pytestmark = pytest.mark.django_db

FIRST_POST = """+++
title = "Reading Group: Sparse Attention"
date = 2026-11-20T09:30:00+08:00
tags = ["Attention", "efficiency"]
series = ["Reading group"]
weight = 3
author = "Jane Doe"
+++
We read three papers on sparse attention this week.

<!--more-->

![A cat on a keyboard](cat.png)

{{< figure src="diagram.png" title="Block-sparse pattern" caption="Blocks see neighbours." >}}

{{< highlight html >}}
<div class="attention"><script>alert(1)</script></div>
{{< /highlight >}}

See also [the second note]({{< ref "second.md" >}}) and [about us]({{< relref "/about" >}}).

{{< youtube w3Kz9 >}}
"""

SECOND = """---
title: Second note
date: 2026-11-21T10:00:00-05:00
draft: true
aliases:
  - /2026/11/second-note/
  - old-second/
  - https://elsewhere.example.com/second/
---
A short follow-up.
"""


def write(root: Path, rel: str, content: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def png(root: Path, rel: str, colour: str = "red") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), colour).save(path, "PNG")


@pytest.fixture
def site(tmp_path) -> Path:
    """A small Hugo content/ folder with the shapes real sites have."""
    root = tmp_path / "content"
    write(root, "_index.md", "---\ntitle: Home\n---\nWelcome to the reading group.\n")
    write(root, "about.md", "---\ntitle: About\naliases: [/about-us/]\n---\nWho we are.\n")
    write(root, "team/about.md", "---\ntitle: About the team\n---\nThe people.\n")
    write(root, "docs/about.md", "---\ntitle: About these docs\n---\nHow to read them.\n")
    write(root, "posts/_index.md", "---\ntitle: Posts\n---\nNotes from the reading group.\n")
    write(root, "posts/first-post/index.md", FIRST_POST)
    write(root, "posts/first-post/notes.md", "---\ntitle: Resource\n---\nNot a page.\n")
    png(root, "posts/first-post/cat.png")
    png(root, "posts/first-post/diagram.png", "blue")
    png(root, "posts/first-post/unused.png", "green")
    write(root, "posts/second.md", SECOND)
    write(
        root,
        "posts/second.zh-hans.md",
        "---\ntitle: 第二篇笔记\ntranslator: 李伟\n---\n简短的后续。\n",
    )
    write(root, "headless/index.md", "---\ntitle: Shared images\nheadless: true\n---\n")
    png(root, "headless/logo.png")
    write(root, "search.md", "---\ntitle: Search\nlayout: search\n---\n")
    write(root, "archived.md", "---\ntitle: Old\n_build:\n  render: never\n---\nGone.\n")
    write(root, "tags/attention/_index.md", "---\ntitle: Attention\n---\nPapers on attention.\n")
    return root


def entry(language: str, slug: str) -> Entry:
    return Entry.objects.get(language=language, slug=slug)


def item(result, label: str):
    return next(i for i in result.items if i.label == label)


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


class TestHugoFrontMatter:
    def test_toml_date_with_its_zone_is_the_publish_time(self, site):
        import_markdown(site)
        assert entry("en", "first-post").publish_at == datetime(
            2026, 11, 20, 9, 30, tzinfo=timezone(timedelta(hours=8))
        )

    def test_yaml_date_with_its_zone_is_the_publish_time(self, site):
        import_markdown(site)
        assert entry("en", "second").publish_at == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)

    def test_draft_stays_a_draft(self, site):
        import_markdown(site, status=Status.PUBLISHED)
        assert entry("en", "second").status == Status.DRAFT
        assert entry("en", "first-post").status == Status.PUBLISHED

    def test_tags_become_topics_matching_existing_names_in_any_case(self, site):
        make_topic("efficient-inference", "Efficiency")
        import_markdown(site)
        slugs = sorted(entry("en", "first-post").topics.values_list("slug", flat=True))
        assert slugs == ["attention", "efficient-inference"]

    def test_fields_the_cms_has_no_place_for_are_reported(self, site):
        result = import_markdown(site)
        assert item(result, "posts/first-post/index.md").not_kept == [
            'series: ["Reading group"]',
            "weight: 3",
            'author: Jane Doe (map it to a team member with --author-map "Jane Doe=USERNAME", '
            "or keep it as the paper's with --authors paper)",
        ]

    def test_author_mapped_to_a_team_member_joins_the_byline(self, site):
        jane = make_user("jdoe")
        import_markdown(site, author_map={"jane doe": "jdoe"})
        assert list(entry("en", "first-post").authors.all()) == [jane]

    def test_authors_can_be_the_papers_own(self, site):
        import_markdown(site, authors="paper")
        assert entry("en", "first-post").paper_authors == "Jane Doe"


class TestHugoAliases:
    def test_aliases_become_redirects_to_the_entry(self, site):
        result = import_markdown(site, status=Status.PUBLISHED)
        about = entry("en", "about")
        response = Client().get("/about-us/")
        assert response.status_code == 301
        assert response["Location"] == about.get_absolute_url()
        second = entry("en", "second")
        assert set(Redirect.objects.filter(entry=second).values_list("old_path", flat=True)) == {
            "/2026/11/second-note/",
            "/posts/old-second/",
        }
        assert item(result, "posts/second.md").not_kept == [
            "alias https://elsewhere.example.com/second/: an address on another site"
        ]

    def test_alias_that_is_one_of_the_sites_own_addresses_is_refused(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\naliases: [/en/entries/b/, /../../etc/]\n---\nx\n")
        result = import_markdown(tmp_path)
        assert result.items[0].not_kept == [
            "alias /en/entries/b/: it is one of this site's own addresses",
            "alias /../../etc/: it climbs out of the site with “..”",
        ]
        assert not Redirect.objects.exists()


class TestHugoBody:
    def test_highlight_shortcode_is_code_with_its_language_not_html(self, site):
        import_markdown(site)
        html = entry("en", "first-post").body_html
        code = BeautifulSoup(html, "html.parser").select_one("code.language-html")
        assert code.get_text().startswith('<div class="attention"><script>')
        assert "<script>" not in html

    def test_figure_shortcode_is_an_image_with_its_caption(self, site):
        import_markdown(site)
        html = entry("en", "first-post").body_html
        assert "<figcaption>Block-sparse pattern — Blocks see neighbours." in html
        assert '<figure><img src="/media/imports/' in html
        assert 'alt="Block-sparse pattern"><figcaption>' in html

    def test_ref_and_relref_link_to_the_imported_entries(self, site):
        import_markdown(site)
        body = entry("en", "first-post").body
        assert "[the second note](/en/entries/second/)" in body
        assert "[about us](/en/entries/about/)" in body

    def test_other_shortcodes_stay_as_text_and_are_reported(self, site):
        result = import_markdown(site)
        assert "<code>{{&lt; youtube w3Kz9 &gt;}}</code>" in entry("en", "first-post").body_html
        assert "shortcode “youtube” kept as text" in item(result, "posts/first-post/index.md").notes

    def test_text_before_the_more_marker_is_the_summary(self, site):
        import_markdown(site)
        first = entry("en", "first-post")
        assert first.summary == "We read three papers on sparse attention this week."
        assert "more" not in first.body


class TestHugoImages:
    def test_images_beside_the_page_are_copied_into_media_and_linked(self, site):
        import_markdown(site)
        body = entry("en", "first-post").body
        copies = sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir())
        assert len(copies) == 2
        for copy in copies:
            assert f"/media/imports/{copy.name}" in body
        assert "](cat.png)" not in body

    def test_image_no_page_shows_is_reported_not_copied(self, site):
        result = import_markdown(site)
        assert item(result, "posts/first-post/unused.png").detail == (
            "an image of the bundle posts/first-post/ that no imported page shows; not copied"
        )
        assert item(result, "headless/logo.png").action == "skip"

    def test_dry_run_copies_no_image(self, site):
        import_markdown(site, dry_run=True)
        assert not (Path(settings.MEDIA_ROOT) / "imports").exists()
        assert Entry.objects.count() == 0 and Page.objects.count() == 0

    def test_importing_again_changes_nothing_and_copies_nothing_new(self, site):
        import_markdown(site)
        revisions = Entry.history.count()
        copies = sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir())
        result = import_markdown(site)
        assert (result.created, result.updated) == (0, 0)
        assert Entry.history.count() == revisions
        assert sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir()) == copies


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

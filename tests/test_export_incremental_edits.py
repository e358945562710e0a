"""Incremental export after each kind of edit an editor makes equals a full export, byte for
byte, and renders only the pages that show the change.

Entries link to the one before them, so deletions take the last one, which nothing links to.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.export import export_site, loaded
from cms.export.manifest import Manifest
from cms.models import Page, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import file_tree, make_entry
from tests.support import export_incremental as shared
from tests.support.export import recording_paths
from tests.support.export_incremental import rename_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export_incremental.py for the modules that share them.
exported = shared.exported


entry = shared.sample_entry


def edit_title():
    shared.retitle_entry("A title edited for the test")


def edit_body():
    edited = entry()
    edited.body = "## Rewritten\n\nThe body was rewritten."
    edited.save()


def add_entry():
    make_entry("A brand-new entry", slug="brand-new", topics=[Topic.objects.get(slug="topic-2")])


def delete_entry():
    entry("gen-00018", "zh-hans").delete()


def unpublish_entry():
    edited = entry("gen-00018", "zh-hans")
    edited.status = Status.DRAFT
    edited.save()


def remove_topic_without_saving_the_entry():
    edited = entry()
    edited.topics.remove(edited.topics.order_by("slug").first())


def rename_author():
    author = get_user_model().objects.get(username="jun")
    author.first_name = "Junichi"
    author.save()


def rename_slug():
    edited = entry()
    edited.slug = "gen-00017-moved"
    edited.save()


def add_translation():
    make_entry(
        "第四篇的译文",
        slug="gen-00004",
        language="zh-hans",
        translation_of=entry("gen-00004"),
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )


def edit_page():
    page = Page.objects.get(language="en", slug="about")
    page.body = "We read papers, and now say so differently."
    page.save()


EDITS = {
    "title": (edit_title, "A title edited for the test", "en/entries/gen-00017/index.html"),
    "body": (edit_body, "The body was rewritten.", "en/entries/gen-00017/index.html"),
    "topic renamed": (rename_topic, "Renamed topic", "en/topics/index.html"),
    "entry added": (add_entry, "A brand-new entry", "en/index.html"),
    "entry deleted": (delete_entry, None, None),
    "entry unpublished": (unpublish_entry, None, None),
    "topic removed (m2m only)": (remove_topic_without_saving_the_entry, None, None),
    "author renamed": (rename_author, "Junichi", "en/entries/gen-00017/index.html"),
    "slug renamed": (rename_slug, "gen-00017-moved", "en/entries/gen-00017/index.html"),
    "translation added": (add_translation, "第四篇的译文", "zh-hans/entries/gen-00004/index.html"),
    "page edited": (edit_page, "now say so differently", "en/pages/about/index.html"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_after_each_kind_of_edit_equals_a_full_export(exported, tmp_path, edit):
    change, visible, where = edit
    before = file_tree(exported)
    change()
    result = export_site(exported, incremental=True)
    assert result.ok
    assert 0 < result.rendered < result.pages and result.reused > 0
    export_site(tmp_path / "full")
    after = file_tree(exported)
    assert after == file_tree(tmp_path / "full")
    assert after != before
    if visible:
        assert visible.encode() in after[where]


def test_entry_feed_sitemap_and_api_lists_follow_an_edited_title(exported):
    edit_title()
    export_site(exported, incremental=True)
    title = b"A title edited for the test"
    for shown_in in ("en/index.html", "en/feed.xml", "api/v1/en/entries.json"):
        assert title in (exported / shown_in).read_bytes(), shown_in
    topic = entry().topics.first()
    assert title in (exported / f"en/topics/{topic.slug}/index.html").read_bytes()


def test_an_edit_renders_only_the_pages_that_show_it(exported):
    total = len(Manifest.load(exported).urls)
    edit_title()
    result = export_site(exported, incremental=True)
    assert result.rendered < result.pages / 2, (result.rendered, total)


def test_nothing_changed_renders_nothing(exported):
    result = export_site(exported, incremental=True)
    assert result.rendered == 0 and result.reused == result.pages


def test_scheduled_entry_going_public_renders_only_what_lists_it(exported, tmp_path, monkeypatch):
    make_entry("Goes live later", slug="later", publish_at=timezone.now() + timedelta(hours=1))
    export_site(exported)
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    result = export_site(exported, incremental=True)
    assert 0 < result.rendered < result.pages
    assert b"Goes live later" in (exported / "en/entries/later/index.html").read_bytes()
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_fetched_pages_are_reused_by_their_digest_and_others_rendered_every_time(
    exported, monkeypatch
):
    """The search pages and the API's schema and docs go through the request cycle with a
    digest of what they show; a fetched URL without one (here the schema, as a URL of
    CMS_EXPORT_EXTRA_URLS that no page kind answers would be) is rendered every time."""
    from cms.export import fetch

    monkeypatch.setattr(loaded, "FETCHED_API", ("api-docs", "api-docs-script"))
    export_site(exported)
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    result = export_site(exported, incremental=True)
    assert fetched == ["/api/v1/schema.json"]
    assert result.rendered == 1 and result.reused == result.pages - 1

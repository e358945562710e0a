"""Incremental export renders only what an edit touched, and always equals a full export.

Each case makes one kind of edit an editor makes, then checks three things:
the incremental output is byte-for-byte the full export's, the pages that
show the change were rendered again, and most pages were reused. Entries
link to the one before them, so deletions take the last one, which nothing
links to.
"""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.export import export_site
from cms.export.dependencies import changed_queries, result_digest, tables_of
from cms.export.incremental import State, changed_since
from cms.export.manifest import Manifest
from cms.export.sample import generate_content
from cms.models import Entry, Page, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import export_with_spare, file_tree, make_entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


@pytest.fixture
def exported(tmp_path):
    generate_content(18)
    return export_with_spare(tmp_path / "site")


def entry(slug="gen-00017", language="en"):
    return Entry.objects.get(language=language, slug=slug)


def edit_title():
    edited = entry()
    edited.title = "A title edited for the test"
    edited.save()


def edit_body():
    edited = entry()
    edited.body = "## Rewritten\n\nThe body was rewritten."
    edited.save()


def rename_topic():
    topic = Topic.objects.get(slug="topic-2")
    topic.name = "Renamed topic"
    topic.names = {"zh-hans": "改名的主题"}
    topic.save()


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


def test_a_page_whose_request_wrote_to_the_database_is_always_rendered(exported, monkeypatch):
    from cms.export import fetch

    def unrecordable(self, statements):
        return None

    monkeypatch.setattr(fetch.QueryBook, "keys_for", unrecordable)
    export_site(exported)
    monkeypatch.undo()
    result = export_site(exported, incremental=True)
    assert result.reused == 0 and result.rendered == result.pages


def test_manifest_writes_each_statement_once_and_reads_it_back(exported):
    written = json.loads((exported / ".export-manifest.json").read_text())
    manifest = Manifest.load(exported)
    statements = [sql for sql, _params, _digest in manifest.queries.values()]
    assert len(set(statements)) < len(statements)
    assert sorted(written["statements"].values()) == sorted(set(statements))
    assert {query[0] for query in written["queries"].values()} == set(written["statements"])


def test_only_queries_on_changed_or_unknown_tables_run_again(exported):
    previous = Manifest.load(exported)
    state = State.take(list(previous.tables))
    on_topics = next(
        key for key, query in previous.queries.items() if tables_of(query[0]) == {"cms_topic"}
    )
    previous.queries[on_topics][2] = "a digest no query returns"
    previous.queries["unknown"] = ['SELECT 1 FROM "cms_not_digested"', [], "whatever"]
    changed = changed_since(previous, state, timezone.now())
    assert changed == {"unknown"}
    rename_topic()
    changed = changed_since(previous, State.take(list(previous.tables)), timezone.now())
    assert on_topics in changed


def test_pages_of_one_list_are_checked_with_one_query_and_sliced(db):
    for number in range(5):
        make_entry(f"Listed {number}", slug=f"listed-{number}")
    ordered = Entry.objects.order_by("slug").values_list("slug", "title")
    windows = {"first": ordered[:2], "second": ordered[2:4], "third": ordered[4:6]}
    recorded = {}
    for key, window in windows.items():
        sql, params = window.query.sql_with_params()
        recorded[key] = [sql, list(params), result_digest(sql, params)]
    Entry.objects.filter(slug="listed-3").update(title="Changed on the second page")
    with CaptureQueriesContext(connection) as queries:
        changed = changed_queries(recorded, timezone.now())
    assert changed == {"second"}
    assert [query["sql"][:6] for query in queries if "SAVEPOINT" not in query["sql"]] == ["SELECT"]


def recorded_lookups(slugs):
    """An entry-page-like query per slug: one statement, one parameter list each."""
    recorded = {}
    for slug in slugs:
        lookup = Entry.objects.filter(slug=slug).values_list("slug", "title", "publish_at")
        sql, params = lookup.query.sql_with_params()
        recorded[slug] = [sql, list(params), result_digest(sql, params)]
    return recorded


def test_lookups_of_one_statement_are_checked_in_one_query(db):
    slugs = [f"looked-up-{number}" for number in range(6)]
    for slug in slugs:
        make_entry(slug, slug=slug)
    recorded = recorded_lookups(slugs)
    Entry.objects.filter(slug="looked-up-4").update(title="Changed")
    with CaptureQueriesContext(connection) as queries:
        changed = changed_queries(recorded, timezone.now())
    assert changed == {"looked-up-4"}
    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    assert len(statements) == 2
    assert "UNION ALL" in statements[0]
    assert "UNION ALL" not in statements[1]


def test_lookup_that_finds_a_new_row_counts_as_changed(db):
    make_entry("Present", slug="present")
    recorded = recorded_lookups(["present", "missing"])
    make_entry("Now here", slug="missing")
    assert changed_queries(recorded, timezone.now()) == {"missing"}


def test_batch_that_cannot_run_falls_back_to_each_query_alone(db):
    slugs = ["kept-a", "kept-b"]
    for slug in slugs:
        make_entry(slug, slug=slug)
    recorded = recorded_lookups(slugs)
    sql, params, _digest = recorded["kept-a"]
    recorded["broken"] = [sql, [*params, "one parameter too many"], "whatever"]
    assert changed_queries(recorded, timezone.now()) == {"broken"}

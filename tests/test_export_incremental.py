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
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.export import export_site
from cms.export.bookkeeping import manifest_path
from cms.export.dependencies import (
    changed_queries,
    result_summary,
    row_key_statement,
    tables_of,
)
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
    written = json.loads(manifest_path(exported).read_text())
    manifest = Manifest.load(exported)
    statements = [query[0] for query in manifest.queries.values()]
    assert len(set(statements)) < len(statements)
    assert sorted(written["statements"].values()) == sorted(set(statements))
    assert {query[0] for query in written["queries"].values()} == set(written["statements"])


def test_only_queries_on_changed_or_unknown_tables_run_again(exported):
    previous = Manifest.load(exported)
    state = State.take(list(previous.tables))
    renamed = Topic.objects.get(slug="topic-2").pk
    on_topics = next(
        key
        for key, (sql, _params, _digest, keys) in previous.queries.items()
        if tables_of(sql) == {"cms_topic"} and (keys is None or renamed in keys)
    )
    previous.queries[on_topics][2] = "a digest no query returns"
    previous.queries["unknown"] = ['SELECT 1 FROM "cms_not_digested"', [], "whatever", None]
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
        recorded[key] = [sql, list(params), *result_summary(sql, params)]
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
        recorded[slug] = [sql, list(params), *result_summary(sql, params)]
    return recorded


def test_lookups_run_once_each_and_only_the_changed_one_counts(db):
    slugs = [f"looked-up-{number}" for number in range(6)]
    for slug in slugs:
        make_entry(slug, slug=slug)
    recorded = recorded_lookups(slugs)
    Entry.objects.filter(slug="looked-up-4").update(title="Changed")
    with CaptureQueriesContext(connection) as queries:
        changed = changed_queries(recorded, timezone.now())
    assert changed == {"looked-up-4"}
    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    assert len(statements) == len(slugs)


def test_lookup_that_finds_a_new_row_counts_as_changed(db):
    make_entry("Present", slug="present")
    recorded = recorded_lookups(["present", "missing"])
    make_entry("Now here", slug="missing")
    assert changed_queries(recorded, timezone.now()) == {"missing"}


def recorded_rows(querysets):
    """Queries led by the primary key, so the re-check can settle them by the keys they return."""
    recorded = {}
    for key, queryset in querysets.items():
        sql, params = queryset.query.sql_with_params()
        recorded[key] = [sql, list(params), *result_summary(sql, params)]
    return recorded


def by_slug(slug):
    return Entry.objects.filter(slug=slug).values_list("pk", "slug", "title")


def test_queries_that_returned_no_changed_row_are_settled_by_their_keys(db):
    edited = {slug: make_entry(slug, slug=slug) for slug in ["key-a", "key-b", "key-c"]}
    recorded = recorded_rows({slug: by_slug(slug) for slug in [*edited, "key-missing"]})
    assert all(keys is not None for _sql, _params, _digest, keys in recorded.values())
    recorded["key-c"][2] = "a digest no query returns"
    Entry.objects.filter(slug="key-b").update(title="Changed")
    Entry.objects.filter(slug="key-c").update(slug="key-missing")
    rows = {"cms_entry": {str(edited["key-b"].pk), str(edited["key-c"].pk)}}
    with CaptureQueriesContext(connection) as queries:
        changed = changed_queries(recorded, timezone.now(), rows)
    assert changed == {"key-b", "key-c", "key-missing"}
    reduced = 'SELECT "cms_entry"."id" FROM "cms_entry" WHERE'
    assert any(reduced in query["sql"] for query in queries)


def test_key_check_still_reads_the_rows_of_a_query_that_returned_a_changed_row(db):
    kept = make_entry("Kept", slug="kept")
    recorded = recorded_rows({"kept": by_slug("kept")})
    Entry.objects.filter(pk=kept.pk).update(summary="A column the query does not select")
    assert changed_queries(recorded, timezone.now(), {"cms_entry": {str(kept.pk)}}) == set()
    Entry.objects.filter(pk=kept.pk).update(title="A column it selects")
    assert changed_queries(recorded, timezone.now(), {"cms_entry": {str(kept.pk)}}) == {"kept"}


def test_list_pages_whose_keys_moved_count_as_changed(db):
    listed = {n: make_entry(f"Listed {n}", slug=f"listed-{n}") for n in range(5)}
    ordered = Entry.objects.order_by("slug").only("slug", "title")
    recorded = recorded_rows({"first": ordered[:2], "second": ordered[2:4], "third": ordered[4:6]})
    Entry.objects.filter(slug="listed-4").update(slug="listed-2a")
    rows = {"cms_entry": {str(listed[4].pk)}}
    assert changed_queries(recorded, timezone.now(), rows) == {"second", "third"}


def test_only_plain_columns_of_one_table_led_by_its_key_are_checked_by_keys(db):
    entries = Entry.objects.all()
    reducible = [
        entries.values_list("pk", "title"),
        entries.filter(slug="a").order_by("title")[:3],
        entries.filter(topics__slug="a").values_list("pk"),
        entries.filter(translation_of__slug="a").values_list("pk"),
        entries.filter(pk__in=Entry.objects.filter(slug="a").values("pk")).values_list("pk"),
        entries.select_related("translation_of", "updated_by").filter(slug="a"),
    ]
    irreducible = [
        entries.values_list("title", "pk"),
        entries.values_list("pk", "title").distinct(),
        entries.values_list("pk", "title").order_by("title"),
        entries.order_by().values_list("pk").union(Topic.objects.order_by().values_list("pk")),
        entries.annotate(Count("topics")).values_list("pk", "topics__count"),
        Topic.objects.values_list("entries__pk", "name"),
        entries.values_list("pk", "translation_of__title", "title"),
        entries.values_list("pk", "translation_of__pk", "translation_of__title"),
    ]
    for queryset in reducible:
        assert row_key_statement(str(queryset.query)) is not None, str(queryset.query)
    for queryset in irreducible:
        assert row_key_statement(str(queryset.query)) is None, str(queryset.query)


def test_rows_joined_in_by_select_related_are_checked_by_their_own_keys(db):
    original = make_entry("Original", slug="original")
    translation = make_entry(
        "译文",
        slug="original",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="李伟",
    )
    other = make_entry("Other", slug="other")
    lookup = Entry.objects.select_related("translation_of").filter(pk=translation.pk)
    recorded = recorded_rows({"translation": lookup})
    assert recorded["translation"][3] == [[translation.pk, original.pk]]
    Entry.objects.filter(pk=other.pk).update(title="Changed elsewhere")
    assert changed_queries(recorded, timezone.now(), {"cms_entry": {str(other.pk)}}) == set()
    Entry.objects.filter(pk=original.pk).update(title="Original, retitled")
    changed = changed_queries(recorded, timezone.now(), {"cms_entry": {str(original.pk)}})
    assert changed == {"translation"}


def test_row_keys_that_make_no_sense_fall_back_to_the_digest(db):
    original = make_entry("Original", slug="original")
    lookup = Entry.objects.select_related("translation_of").filter(pk=original.pk)
    recorded = recorded_rows({"lookup": lookup})
    recorded["lookup"][2] = "a digest no query returns"
    recorded["lookup"][3] = [[original.pk]]
    assert changed_queries(recorded, timezone.now(), {"cms_entry": set()}) == {"lookup"}


def test_manifest_with_row_keys_that_are_not_a_list_is_not_used(exported):
    path = manifest_path(exported)
    written = json.loads(path.read_text())
    query = next(query for query in written["queries"].values() if query[3] is not None)
    query[3] = "not a list"
    path.write_text(json.dumps(written))
    assert Manifest.load(exported) is None


def test_key_check_notices_a_row_that_a_changed_join_brings_in(db):
    topic = Topic.objects.create(slug="joined", name="Joined")
    make_entry("Tagged", slug="tagged", topics=[topic])
    later = make_entry("Tagged later", slug="tagged-later")
    recorded = recorded_rows({"topic": Entry.objects.filter(topics=topic).only("title")})
    later.topics.add(topic)
    assert changed_queries(recorded, timezone.now(), {"cms_entry": set()}) == {"topic"}


def test_lookup_that_no_longer_runs_counts_as_changed_and_spares_the_others(db):
    slugs = ["kept-a", "kept-b"]
    for slug in slugs:
        make_entry(slug, slug=slug)
    recorded = recorded_lookups(slugs)
    sql, params, _digest, _keys = recorded["kept-a"]
    recorded["broken"] = [sql, [*params, "one parameter too many"], "whatever", None]
    assert changed_queries(recorded, timezone.now()) == {"broken"}

"""Incremental export settles queries by the keys of the rows they returned: plain columns of
one table led by its key, rows joined by select_related, keys that moved; anything that makes
no sense falls back to the digest.
"""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.export.bookkeeping import manifest_path
from cms.export.dependencies import (
    result_summary,
    row_key_statement,
)
from cms.export.manifest import Manifest
from cms.export.query_changes import changed_queries
from cms.models import Entry, Topic, TranslationMethod
from tests.factories import make_entry
from tests.support import export_incremental as shared
from tests.support.export_incremental import recorded_lookups

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export_incremental.py for the modules that share them.
exported = shared.exported


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

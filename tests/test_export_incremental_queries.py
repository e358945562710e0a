"""Incremental export decides what to render from the queries each page ran: each statement
is written to the manifest once, only queries on changed or unknown tables run again, list
pages are checked with one query, and lookups run once each.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.export.bookkeeping import manifest_path
from cms.export.dependencies import (
    result_summary,
    tables_of,
)
from cms.export.incremental import State, changed_since
from cms.export.manifest import Manifest
from cms.export.query_changes import changed_queries
from cms.models import Entry, Topic
from tests.factories import make_entry
from tests.support import export_incremental as shared
from tests.support.export_incremental import recorded_lookups, rename_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export_incremental.py for the modules that share them.
exported = shared.exported


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
        if "cms_topic" in tables_of(sql) and (keys is None or renamed in keys)
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

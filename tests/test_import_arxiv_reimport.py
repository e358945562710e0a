"""Importing an arXiv feed again: nothing changes, a newer version updates the entry and keeps
the old one as a revision, an editor's changes are kept, and a dry run saves nothing.
"""

from datetime import UTC, datetime

import pytest

from cms.models import Entry, Topic
from tests.support.import_arxiv import DATA, FEED_V1, assert_nothing_stored, run

pytestmark = pytest.mark.django_db


FEED_V2 = DATA / "feed-v2.xml"


class TestArxivReimport:
    def test_same_feed_again_changes_nothing_and_adds_no_revision(self):
        run(FEED_V1)
        revisions = Entry.history.count()
        result = run(FEED_V1)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
        assert Entry.objects.count() == 2
        assert Entry.history.count() == revisions
        assert set(Entry.objects.values_list("version", flat=True)) == {1}

    def test_newer_version_updates_the_entry_and_keeps_the_old_one_as_a_revision(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        result = run(FEED_V2)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        updated = Entry.objects.get(pk=entry.pk)
        assert "four benchmarks" in updated.body
        assert updated.source_url == "http://arxiv.org/pdf/2402.01234v2"
        assert updated.import_meta["version"] == 2
        assert updated.paper_updated == datetime(2024, 2, 20, 8, tzinfo=UTC)
        assert updated.version == 2
        assert sorted(updated.topics.values_list("slug", flat=True)) == [
            "cs-dc",
            "cs-lg",
            "stat-ml",
        ]
        bodies = [record.body for record in updated.history.order_by("history_id")]
        assert "three benchmarks" in bodies[0] and "four benchmarks" in bodies[-1]
        reasons = set(updated.history.values_list("history_change_reason", flat=True))
        assert reasons == {
            "Imported from arXiv (2402.01234v1)",
            "Imported from arXiv (2402.01234v2)",
        }
        change = next(c for c in result.items if c.action == "update")
        assert change.detail == "summary, body, source_url, paper_updated, import_meta, topics"

    def test_older_version_after_a_newer_one_is_skipped(self):
        run(FEED_V2)
        result = run(FEED_V1)
        assert [c.detail for c in result.skipped] == ["older than the stored version v2"]
        assert "four benchmarks" in Entry.objects.get(paper__arxiv_id="2402.01234").body

    def test_editors_change_is_kept_when_a_newer_version_arrives(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.title = "Hash Routing Makes MoE Cheap"
        entry.save(expected_version=entry.version)
        result = run(FEED_V2)
        entry.refresh_from_db()
        assert entry.title == "Hash Routing Makes MoE Cheap"
        assert "four benchmarks" in entry.body
        change = next(c for c in result.items if c.action == "update")
        assert "kept the CMS's edits of" not in change.detail  # the source title did not change

    def test_field_changed_in_both_places_keeps_the_editors_version(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.body = "Our own write-up of the paper."
        entry.save(expected_version=entry.version)
        result = run(FEED_V2)
        entry.refresh_from_db()
        assert entry.body == "Our own write-up of the paper."
        assert entry.import_meta["version"] == 2
        change = next(c for c in result.items if c.action == "update")
        assert change.detail.endswith("kept the CMS's edits of body")

    def test_topic_an_editor_removed_is_not_added_back(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.topics.remove(Topic.objects.get(slug="stat-ml"))
        run(FEED_V1)
        assert list(entry.topics.values_list("slug", flat=True)) == ["cs-lg"]

    def test_dry_run_reports_what_would_happen_and_saves_nothing(self):
        result = run(FEED_V1, dry_run=True)
        assert result.dry_run
        assert [str(c) for c in result.items] == [
            "create    entry 1 (arXiv 2402.01234v1): "
            "en/sparse-routing-for-frugal-mixture-of-experts-inference",
            "create    entry 2 (arXiv hep-th/9901001v3): en/a-toy-model-of-branes-on-a-circle",
        ]
        assert result.summary() == (
            "feed.xml: would import 2 created, 0 updated, 0 unchanged, 0 skipped; "
            "1 field not kept; 3 new topics (dry run: nothing was saved)."
        )
        assert_nothing_stored()

    def test_dry_run_of_a_newer_version_lists_the_changed_fields(self):
        run(FEED_V1)
        result = run(FEED_V2, dry_run=True)
        assert [c.action for c in result.items] == ["update", "unchanged"]
        assert "three benchmarks" in Entry.objects.get(paper__arxiv_id="2402.01234").body

"""An export that fails or is refused leaves everything as it was: the previous output byte for
byte, the garbage collector, a second concurrent export refused, a killed export's leftovers
removed by the next, no jobs inside a transaction.
"""

import gc
from unittest.mock import Mock

import pytest

from cms.exceptions import ExportError
from cms.export import export_site
from cms.export.bookkeeping import OutputLock
from cms.export.crawler import Crawl
from cms.export.planner import plan_from_journal
from cms.models import Entry
from cms.pages import entry as entry_kind
from cms.views import entries as entry_views
from tests.factories import export_with_standby, file_tree, make_entry
from tests.support import export as shared
from tests.support.export import BESIDE, FILES, LOCK, RECORDS, STANDBY, leftovers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_an_exception_in_a_view_leaves_the_previous_output_byte_for_byte(
    site, tmp_path, monkeypatch
):
    export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    original = entry_kind.entry_context

    def fail_on_second(entry, versions):
        if entry.slug == "second":
            raise RuntimeError("the page broke")
        return original(entry, versions)

    monkeypatch.setattr(entry_kind, "entry_context", fail_on_second)
    with pytest.raises(ExportError, match="/en/entries/second/ raised RuntimeError: the page"):
        export_site(tmp_path / "site")
    assert file_tree(tmp_path / "site") == before
    assert leftovers(tmp_path) == [*BESIDE, "site"]


def test_an_export_that_fails_leaves_the_garbage_collector_as_it_was(site, tmp_path, monkeypatch):
    """The export paces and freezes collection for itself; the process it ran in gets it back."""
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    export_site(tmp_path / "site")
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    broken = Mock(side_effect=RuntimeError("broke"))
    monkeypatch.setattr(entry_kind, "entry_context", broken)
    monkeypatch.setattr(entry_views, "entry_context", broken)
    Entry.objects.filter(slug="second").update(title="Second, edited")
    with pytest.raises(ExportError, match="raised RuntimeError"):
        export_site(tmp_path / "site", incremental=True)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_second_concurrent_export_is_refused(site, tmp_path):
    with OutputLock(tmp_path / "site"):
        with pytest.raises(ExportError, match="Another export into .* is running"):
            export_site(tmp_path / "site")


def test_leftovers_of_a_killed_export_are_removed_by_the_next(site, tmp_path):
    (tmp_path / ".site.export-new-killed/en").mkdir(parents=True)
    export_site(tmp_path / "site")
    assert leftovers(tmp_path) == [RECORDS, FILES, STANDBY, LOCK, "site"]


def test_jobs_inside_a_transaction_are_refused(site, tmp_path):
    with pytest.raises(ExportError, match="transaction"):
        export_site(tmp_path / "site", jobs=2)


def publish_third() -> None:
    make_entry("Third", slug="third")


def edit_second() -> None:
    Entry.objects.filter(slug="second").update(title="Second, edited")


@pytest.mark.parametrize(
    ("before", "incremental"),
    [(None, False), (edit_second, True), (publish_third, True)],
    ids=["full", "planned-edit", "planned-publication"],
)
def test_content_saved_while_the_export_runs_refuses_it_and_leaves_the_output(
    site, tmp_path, monkeypatch, before, incremental
):
    """Pages rendered before and after a save would not agree, and the next export would
    trust their digests: the full road compares the tables' digests, a planned export
    (after an edit, or a publication that moves entries) asks the change journal."""
    export_with_standby(tmp_path / "site")
    if before is not None:
        before()
    kept = file_tree(tmp_path / "site")
    original = Crawl.run

    def run_and_save(self, *args, **kwargs):
        Entry.objects.filter(slug="folding", language="en").update(title="Saved meanwhile")
        return original(self, *args, **kwargs)

    plans = []

    def planning(*args):
        plans.append(plan_from_journal(*args))
        return plans[-1]

    monkeypatch.setattr(Crawl, "run", run_and_save)
    monkeypatch.setattr("cms.export.plan_from_journal", planning)
    with pytest.raises(ExportError, match="The content changed while the export was running"):
        export_site(tmp_path / "site", incremental=incremental)
    assert file_tree(tmp_path / "site") == kept
    assert [plan is not None for plan in plans] == ([True] if incremental else [])
    assert [plan.moved for plan in plans] == [before is publish_third] * len(plans)

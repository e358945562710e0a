"""Pruning the change journal deletes the rows written before a checkpoint as old as the
retention; an export from before the pruning is never planned from what is left (it takes the
digest road, with the same output as a full export), and the exports after it are planned again.
"""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cms.export import export_site
from cms.export.journal import changes_since, current_position
from cms.export.journal_prune import prune_journal
from cms.models import ContentChange, JournalCheckpoint, Topic
from tests.factories import assert_equals_a_full_export
from tests.support import export_incremental as shared
from tests.support.journal import position_before_a_late_commit

pytestmark = pytest.mark.django_db

exported = shared.exported

NOW = timedelta(0)
WEEK = timedelta(days=7)


def settle(seconds: float = 120) -> None:
    """On PostgreSQL, wait until no transaction as old as the journal's rows still runs.

    A checkpoint lets nothing be pruned that a transaction running then wrote, and the
    transactions of every database on the server count (other tests' among them).
    """
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM cms_contentchange "
                "WHERE transaction_id::xid8 >= pg_snapshot_xmin(pg_current_snapshot()))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.1)
    pytest.fail("an older transaction kept running on the server")


def journal_ids() -> set[int]:
    return set(ContentChange.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_pruning_deletes_the_rows_written_before_a_checkpoint_as_old_as_the_retention():
    for n in range(3):
        Topic.objects.create(slug=f"old-{n}", name=f"Old {n}")
    settle()
    start = timezone.now()
    assert prune_journal(start, WEEK) == 0
    checkpoint = JournalCheckpoint.objects.get()
    Topic.objects.create(slug="recent", name="Recent")
    before = journal_ids()
    assert prune_journal(start + timedelta(days=6), WEEK) == 0
    older = {pk for pk in before if pk < checkpoint.last}
    assert len(older) >= 2
    assert prune_journal(start + timedelta(days=8), WEEK) == len(older)
    assert journal_ids() == before - older
    assert JournalCheckpoint.objects.get(pk=checkpoint.pk).pruned


@pytest.mark.django_db(transaction=True)
def test_the_prune_journal_command_prunes_everything_the_newest_row_does_not_need():
    Topic.objects.create(slug="one", name="One")
    Topic.objects.create(slug="two", name="Two")
    settle()
    newest = max(journal_ids())
    out = StringIO()
    call_command("prune_journal", "--keep-days", "0", stdout=out)
    assert journal_ids() == {newest}
    assert out.getvalue().startswith("Pruned ")


def test_a_position_numbered_before_a_pruned_checkpoint_is_refused_while_its_row_is_there():
    Topic.objects.create(slug="seen", name="Seen")
    position = current_position()
    Topic.objects.create(slug="after", name="After")
    assert changes_since(position)
    newest = ContentChange.objects.latest("pk").pk
    JournalCheckpoint.objects.create(taken_at=timezone.now(), last=newest, pruned=True)
    assert ContentChange.objects.filter(pk=position.last).exists()
    assert changes_since(position) is None
    assert changes_since(current_position()) == set()


def test_a_position_whose_snapshot_saw_a_pruned_transaction_running_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: a position needs only the rows after it")
    Topic.objects.create(slug="seen", name="Seen")
    position = current_position()
    running = int(position.snapshot.split(":")[0])
    JournalCheckpoint.objects.create(
        taken_at=timezone.now(), last=position.last, oldest_running=str(running + 1), pruned=True
    )
    assert changes_since(position) is None


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_after_a_position_is_never_pruned_from_its_answer():
    """PostgreSQL numbers a change when it is written: one numbered before a position and
    committed after it is pruned only together with the refusal of that position."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its changes commit in their order")
    topic, position = position_before_a_late_commit()
    settle()
    assert prune_journal(keep=NOW) > 0
    changes = changes_since(position)
    assert changes is None or ("cms_topic", str(topic.pk)) in changes


@pytest.mark.usefixtures("hashed_static")
def test_an_export_from_before_the_pruning_is_not_planned_and_equals_a_full_export(
    exported, tmp_path
):
    shared.retitle_entry("Retitled after the last export")
    prune_journal(keep=NOW)
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned
    assert (
        b"Retitled after the last export"
        in (exported / "en/entries/gen-00017/index.html").read_bytes()
    )
    assert_equals_a_full_export(exported, tmp_path)


@pytest.mark.usefixtures("hashed_static")
def test_an_export_after_the_pruning_is_planned_again(exported, tmp_path):
    shared.retitle_entry("Retitled before the pruning")
    prune_journal(keep=NOW)
    assert not export_site(exported, incremental=True).planned
    shared.retitle_entry("Retitled after the pruning")
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned
    assert_equals_a_full_export(exported, tmp_path)


@pytest.mark.usefixtures("hashed_static")
def test_an_export_that_published_prunes_the_journal_past_the_retention(exported, settings):
    settings.CMS_JOURNAL_KEEP_DAYS = 0
    shared.retitle_entry("Retitled before an export that prunes")
    assert export_site(exported, incremental=True).published
    floor = JournalCheckpoint.objects.get(pruned=True)
    assert floor.last == max(journal_ids())

"""An incremental export is planned from the change journal when the change moves no page.

It renders only the pages whose digests read the changed rows, through the live views, without
loading the site, and its output equals a full export byte for byte. A change that moves
entries, or a scheduled entry that came out by itself, is planned too
(tests/test_export_placement.py), and so are topics added, deleted or given a new slug
(tests/test_export_planned_topics.py) and accounts and standalone pages edited without moving a
page (tests/test_export_planned_accounts.py). Any other change (an account's username or
whether it is active, what the navigation shows, a journal that is not the one the last export
read) is exported the slower way, with the same result.
"""

import shutil

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from cms.export import export_site, fetch, planner
from cms.export import loaded as loaded_kinds
from cms.export.journal import changes_since
from cms.export.manifest import Manifest
from cms.models import ContentChange, Entry, Page, Topic
from cms.publishing import Status
from tests.factories import file_tree, make_entry
from tests.support import export_incremental as shared
from tests.support.export import recording_paths
from tests.support.export_incremental import edit_about_page, jun, rename_topic
from tests.support.journal import position_before_a_late_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

exported = shared.exported


entry = shared.sample_entry


def edit_title():
    shared.retitle_entry("A title planned from the journal")


def update_without_signals():
    Entry.objects.filter(pk=entry().pk).update(
        summary="Rewritten by an update() that sends no signal."
    )


def edit_a_draft():
    make_entry("Still a draft", slug="draft", status=Status.DRAFT)


def retitle_the_draft():
    draft = Entry.objects.get(slug="draft")
    draft.title = "Still a draft, retitled"
    draft.save()


PLANNED = {
    "title": (edit_title, "A title planned from the journal", "en/entries/gen-00017/index.html"),
    "summary by update()": (
        update_without_signals,
        "Rewritten by an update() that sends no signal.",
        "en/index.html",
    ),
    "topic renamed": (rename_topic, "Renamed topic", "en/topics/index.html"),
    "page body": (edit_about_page, "Said differently now.", "en/pages/about/index.html"),
}


def forget_the_journal():
    ContentChange.objects.all().delete()
    edit_title()


NOT_PLANNED = {
    "page retitled": lambda: Page.objects.filter(slug="about").update(title="About us, now"),
    "page left out": lambda: Page.objects.filter(language="en").update(is_published=False),
    "username changed": lambda: jun().update(username="junichi"),
    "author deactivated": lambda: jun().update(is_active=False),
    "journal not the one read": forget_the_journal,
}


def refuse_to_load(*args, **kwargs):
    raise AssertionError("the planned export loaded the site")


@pytest.mark.parametrize("edit", PLANNED.values(), ids=PLANNED.keys())
def test_an_edit_that_moves_no_page_is_planned_and_equals_a_full_export(
    exported, tmp_path, monkeypatch, edit
):
    change, visible, where = edit
    change()
    with monkeypatch.context() as patched:
        patched.setattr(loaded_kinds.LoadedSite, "__init__", refuse_to_load)
        result = export_site(exported, incremental=True)
    assert result.ok and result.planned
    assert 0 < result.rendered < result.pages / 4
    assert visible.encode() in (exported / where).read_bytes()
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def refuse_to_read_every_record(*args, **kwargs):
    raise AssertionError("the planned export read every record of the manifest")


def test_a_planned_edit_reads_the_manifest_only_where_the_output_changes(
    exported, tmp_path, monkeypatch
):
    edit_title()
    with monkeypatch.context() as patched:
        patched.setattr(Manifest, "digests", refuse_to_read_every_record)
        patched.setattr(Manifest, "urls", property(refuse_to_read_every_record))
        result = export_site(exported, incremental=True)
    assert result.ok and result.planned and result.rendered + result.reused == result.pages
    full = export_site(tmp_path / "full")
    assert (result.pages, result.files, result.bytes) == (full.pages, full.files, full.bytes)
    assert file_tree(exported) == file_tree(tmp_path / "full")


@pytest.mark.parametrize("change", NOT_PLANNED.values(), ids=NOT_PLANNED.keys())
def test_a_change_that_moves_pages_is_exported_the_slower_way_with_the_same_result(
    exported, tmp_path, change
):
    change()
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_editing_a_draft_renders_nothing(exported):
    edit_a_draft()
    export_site(exported, incremental=True)
    retitle_the_draft()
    result = export_site(exported, incremental=True)
    assert result.planned and result.rendered == 0


def test_a_changed_paper_reaches_every_page_that_shows_its_entries(exported, tmp_path):
    edited = entry()
    edited.save()
    assert export_site(exported, incremental=True).planned
    paper = entry().paper
    paper.journal_ref = "Journal of Planned Exports 1 (2026)"
    paper.save()
    result = export_site(exported, incremental=True)
    assert result.planned
    shown = (exported / "en/entries/gen-00017/index.html").read_bytes()
    assert b"Journal of Planned Exports" in shown
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_a_plan_of_many_pages_renders_only_them_from_the_loaded_site(
    exported, tmp_path, monkeypatch
):
    monkeypatch.setattr(planner, "MOST_LIVE_PAGES", 3)
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    rename_topic()
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned and 3 < result.rendered < result.pages / 2
    assert fetched == []
    monkeypatch.undo()
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_a_change_touching_most_pages_is_exported_the_slower_way(exported):
    Topic.objects.update(name="Every topic renamed")
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned


def test_the_journal_records_every_write_to_what_pages_show_but_logins():
    topic = Topic.objects.create(slug="journaled", name="Journaled")
    user = get_user_model().objects.create(username="reader")
    start = ContentChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    Topic.objects.filter(pk=topic.pk).update(name="Renamed by update()")
    created = make_entry("Journaled entry", slug="journaled-entry")
    created.topics.add(topic)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cms_topic SET name = 'raw SQL' WHERE id = %s", [topic.pk])
    written = list(ContentChange.objects.filter(pk__gt=start).values_list("table_name", "row_key"))
    assert ("cms_topic", str(topic.pk)) in written
    assert written.count(("cms_topic", str(topic.pk))) == 2
    assert ("cms_entry", str(created.pk)) in written
    assert ("auth_user", str(user.pk)) not in written


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_after_the_export_looked_is_seen_by_the_next_one():
    """PostgreSQL numbers a change when it is written, not when it commits: a change numbered
    before the export's position but committed after it must still count as new."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its changes commit in their order")
    topic, position = position_before_a_late_commit()
    assert ("cms_topic", str(topic.pk)) in changes_since(position)


def test_an_output_folder_removed_by_hand_is_exported_again_from_loaded_rows(exported, tmp_path):
    shutil.rmtree(exported)
    edit_title()
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_many_changed_rows_are_not_planned_row_by_row(exported, monkeypatch):
    drafts = [make_entry(f"Draft {n}", slug=f"draft-{n}", status=Status.DRAFT) for n in range(3)]
    assert export_site(exported, incremental=True).planned
    monkeypatch.setattr(planner, "MOST_CHANGES", 2)
    Entry.objects.filter(pk__in=[draft.pk for draft in drafts]).update(summary="Changed.")
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned and result.rendered == 0

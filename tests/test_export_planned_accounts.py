"""An account or a standalone page edited without moving a page is planned from the change
journal: a login or a new password renders nothing, an author's new name the pages that show it,
a page's new body the pages that show that page; the output equals a full export byte for byte,
and the pages record what a full export records. A manifest from before the export kept what
pages show of accounts and of the navigation is exported the slower way.
"""

import json
import random
import sqlite3

import pytest

from cms.export import export_site, fetch, planner
from cms.export.bookkeeping import manifest_path
from cms.export.manifest import Manifest
from devtools.sample import generate_content
from tests.factories import export_with_standby, file_tree
from tests.support import export_incremental as shared
from tests.support import placement_changes as changes
from tests.support import random_edits as edits
from tests.support.export import recording_paths
from tests.support.export_incremental import edit_about_page, jun
from tests.support.planned_exports import manifest_of, rename_a_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

exported = shared.exported


def reads_of(site):
    return {url: record.reads for url, record in Manifest.load(site).urls.items()}


def test_logging_in_renders_no_page(exported, client):
    editor = jun().get()
    editor.is_staff = True
    editor.set_password("a password to log in with")
    editor.save()
    assert export_site(exported, incremental=True).planned
    response = client.post(
        "/admin/login/", {"username": "jun", "password": "a password to log in with"}
    )
    assert response.status_code == 302
    assert jun().get().last_login is not None
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned and result.rendered == 0


def test_a_new_password_renders_no_page(exported, tmp_path):
    author = jun().get()
    author.set_password("a new password")
    author.save()
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned and result.rendered == 0
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


def test_editing_a_pages_body_renders_only_that_page(exported, tmp_path, monkeypatch):
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    edit_about_page()
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned
    assert sorted(fetched) == [
        "/api/v1/en/pages.json",
        "/api/v1/en/pages/about.json",
        "/en/pages/about/",
        "/sitemap-en.xml",
    ]
    monkeypatch.undo()
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")
    assert reads_of(exported) == reads_of(tmp_path / "full")


@pytest.mark.parametrize("loaded", [False, True], ids=["live", "loaded"])
def test_renaming_an_author_renders_the_pages_that_credit_them(
    exported, tmp_path, monkeypatch, loaded
):
    """Through the live views, or from the loaded site, which records what each page read."""
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    monkeypatch.setattr(planner, "MOST_LIVE_PAGES", 0 if loaded else planner.MOST_LIVE_PAGES)
    author = jun().get()
    author.first_name, author.last_name = "Junichi", "Renamed"
    author.save()
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned and result.rendered < result.pages / 2
    if not loaded:
        shown = {"/en/authors/jun/", "/api/v1/en/authors/jun.json", "/en/entries/gen-00017/"}
        assert shown <= set(fetched) and "/en/entries/gen-00016/" not in fetched
    author_page = (exported / "en/authors/jun/index.html").read_bytes()
    assert b"Junichi Renamed" in author_page
    monkeypatch.undo()
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")
    assert reads_of(exported) == reads_of(tmp_path / "full")


@pytest.mark.parametrize("dropped", ["accounts", "nav"])
def test_a_manifest_without_account_state_is_exported_the_slower_way(exported, tmp_path, dropped):
    """A manifest written before the journal state kept what pages show of accounts and what
    the navigation shows."""
    with sqlite3.connect(manifest_path(exported)) as db:
        (journal,) = db.execute("SELECT value FROM meta WHERE key = 'journal'").fetchone()
        state = json.loads(journal)
        state.pop(dropped, None)
        db.execute("UPDATE meta SET value = ? WHERE key = 'journal'", [json.dumps(state)])
    shared.retitle_entry("A title planned from the journal")
    result = export_site(exported, incremental=True)
    assert result.ok and not result.planned
    export_site(tmp_path / "full")
    assert file_tree(exported) == file_tree(tmp_path / "full")


SHOWN_EDITS = (
    rename_a_topic,
    edits.rename_an_author,
    edits.change_an_authors_password,
    edits.log_in_an_author,
    edits.edit_a_pages_body,
)


@pytest.mark.parametrize("seed", [4, 9])
def test_random_account_and_page_edits_with_moves_each_equal_a_full_export(
    tmp_path, monkeypatch, seed
):
    """An author's new name, a new password, a login or a page's new body, alone or with moved
    entries, through the live views or the loaded site: the same files, reads and journal state
    as a full export (a page left alone keeps its digest, which a new password changed)."""
    rng = random.Random(seed)
    generate_content(18)
    site = export_with_standby(tmp_path / "site")
    for round_number in range(4):
        monkeypatch.setattr(planner, "MOST_LIVE_PAGES", rng.choice([0, 100]))
        for edit in rng.sample(SHOWN_EDITS, rng.randint(1, 3)):
            edit(rng)
        if rng.random() < 0.5:
            rng.choice(changes.CHANGES)(rng)
        result = export_site(site, incremental=True)
        assert result.ok and result.planned
        full = tmp_path / f"full-{round_number}"
        export_site(full)
        assert file_tree(site) == file_tree(full)
        (records, journal), (full_records, full_journal) = manifest_of(site), manifest_of(full)
        assert journal == full_journal
        assert {u: r.reads for u, r in records.items()} == {
            u: r.reads for u, r in full_records.items()
        }

"""Incremental export runs in real folders: nothing changed reuses every page, an edit or an
entry going public with time equals a full export, a full export puts right a file edited by hand,
other options render everything.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.export import export_site
from cms.models import Entry
from devtools.sample import generate_content
from tests.factories import (
    file_tree,
    make_entry,
)
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_incremental_without_changes_reuses_every_page(site, tmp_path):
    first = export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    again = export_site(tmp_path / "site", incremental=True)
    assert again.rendered == 0 and again.reused == first.pages
    assert file_tree(tmp_path / "site") == before


def test_incremental_after_an_edit_equals_a_full_export(tmp_path):
    generate_content(12)
    export_site(tmp_path / "site")
    entry = Entry.objects.get(language="en", slug="gen-00002")
    entry.title = "An edited title"
    entry.save()
    make_entry("A new entry", slug="brand-new")
    result = export_site(tmp_path / "site", incremental=True)
    assert 0 < result.rendered < result.pages and result.reused > 0
    export_site(tmp_path / "full")
    assert file_tree(tmp_path / "site") == file_tree(tmp_path / "full")
    assert b"An edited title" in (tmp_path / "site/en/entries/gen-00002/index.html").read_bytes()


def test_incremental_notices_an_entry_that_became_public_with_time(site, tmp_path, monkeypatch):
    make_entry("Scheduled", slug="scheduled", publish_at=timezone.now() + timedelta(hours=1))
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/en/entries/scheduled").exists()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    result = export_site(tmp_path / "site", incremental=True)
    assert result.rendered > 0
    assert (tmp_path / "site/en/entries/scheduled/index.html").is_file()
    export_site(tmp_path / "full")
    assert file_tree(tmp_path / "site") == file_tree(tmp_path / "full")


def test_a_full_export_puts_right_a_file_edited_by_hand(site, tmp_path):
    """``--incremental`` trusts the journal (``--verify`` finds such an edit, see
    tests/test_export_verify.py); a full export checks every file."""
    export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    (tmp_path / "site/en/index.html").write_text("tampered")
    export_site(tmp_path / "site")
    assert file_tree(tmp_path / "site") == before


def test_incremental_with_other_options_renders_everything(site, tmp_path):
    export_site(tmp_path / "site")
    result = export_site(tmp_path / "site", incremental=True, relative=True)
    assert result.reused == 0 and result.rendered == result.pages

"""An incremental export writes and removes only the files whose bytes change, lists no folder
of the output or its standby, and still equals a full export after edits, additions and
deletions; a deleted page disappears from the output and from the standby."""

import os

import pytest

from cms.export import export_site
from cms.export import writer as export_writer
from cms.export.standby import standby_path
from cms.models import Entry, Page
from devtools.sample import generate_content
from tests.factories import (
    assert_equals_a_full_export,
    export_with_standby,
    file_tree,
    make_entry,
    make_page,
    retitle_sample_entry,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


@pytest.fixture
def site(tmp_path):
    generate_content(6)
    make_page("Colophon", slug="colophon")
    make_entry("Short-lived", slug="short-lived")
    return export_with_standby(tmp_path / "site")


def test_the_journal_is_exactly_the_files_whose_bytes_changed(site, monkeypatch):
    before = file_tree(site)
    placed = []
    original = export_writer.Staging.publish
    monkeypatch.setattr(
        export_writer.Staging,
        "publish",
        lambda self, manifest: placed.extend(self.touched) or original(self, manifest),
    )
    retitle_sample_entry()
    export_site(site, incremental=True)
    after = file_tree(site)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed and "en/entries/gen-00002/index.html" in changed
    assert sorted(placed) == sorted(changed)


def test_an_incremental_export_lists_no_folder_inside_the_output_or_the_standby(site, monkeypatch):
    listed = []
    for name in ("scandir", "listdir"):
        original = getattr(os, name)
        monkeypatch.setattr(
            os, name, lambda path=".", _original=original: listed.append(path) or _original(path)
        )
    retitle_sample_entry()
    export_site(site, incremental=True)
    trees = [site, standby_path(site)]
    inside = [
        str(path)
        for path in listed
        if isinstance(path, str | os.PathLike)
        and any(
            os.path.abspath(path).startswith(str(tree) + os.sep)
            or os.path.basename(os.path.abspath(path)).startswith(".site.export-new-")
            for tree in trees
        )
    ]
    assert inside == []


def test_a_deleted_page_disappears_from_the_output_and_the_standby(site, tmp_path):
    assert (site / "en/pages/colophon/index.html").is_file()
    Page.objects.filter(slug="colophon").delete()
    assert export_site(site, incremental=True).published
    assert not (site / "en/pages/colophon").exists()
    assert not (standby_path(site) / "en/pages/colophon").exists()
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_a_deleted_entry_disappears(site, tmp_path):
    assert (site / "en/entries/short-lived/index.html").is_file()
    Entry.objects.filter(slug="short-lived").delete()
    assert export_site(site, incremental=True).published
    assert not (site / "en/entries/short-lived").exists()
    assert not (standby_path(site) / "en/entries/short-lived").exists()
    assert_equals_a_full_export(site, tmp_path)


def test_a_series_of_incremental_exports_each_equals_a_full_export(site, tmp_path):
    retitle_sample_entry("First")
    export_site(site, incremental=True)
    make_page("Imprint", slug="imprint")
    export_site(site, incremental=True)
    Page.objects.filter(slug="imprint").delete()
    retitle_sample_entry("Second")
    export_site(site, incremental=True)
    make_page("Imprint", slug="imprint")
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)

"""Each build starts from the standby tree, which holds the live output's files as hard links,
and still equals a build from nothing; a full export checks every file of the standby, so
whatever happened to it or to the output in between is put right."""

import os

import pytest

from cms.export import export_site
from cms.export.known import KnownFiles
from cms.export.standby import StandbyRecord, inodes, standby_path
from cms.models import Page
from devtools.sample import generate_content
from tests.factories import (
    assert_equals_a_full_export,
    file_tree,
    make_page,
    retitle_sample_entry,
)
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.exported_sample


def test_the_standby_holds_the_files_of_the_output_as_hard_links(site):
    live, kept = dict(inodes(str(site), "")), dict(inodes(str(standby_path(site)), ""))
    assert kept == live
    assert "en/entries/gen-00002/index.html" in kept and "en/index.html" in kept


def test_the_first_export_leaves_a_standby_beside_the_output(tmp_path):
    generate_content(2)
    export_site(tmp_path / "site")
    assert file_tree(standby_path(tmp_path / "site")) == file_tree(tmp_path / "site")


def test_no_withdrawn_or_superseded_page_stays_beside_the_site(site):
    make_page("Gone soon", slug="gone")
    retitle_sample_entry("First title")
    export_site(site, incremental=True)
    Page.objects.filter(slug="gone").delete()
    retitle_sample_entry("Second title")
    export_site(site, incremental=True)
    assert file_tree(standby_path(site)) == file_tree(site)
    assert not (standby_path(site) / "en/pages/gone").exists()


def test_an_edit_built_from_the_standby_equals_a_full_export(site, tmp_path):
    retitle_sample_entry()
    result = export_site(site, incremental=True)
    assert 0 < result.rendered < result.pages
    assert b"An edited title" in (site / "en/entries/gen-00002/index.html").read_bytes()
    assert_equals_a_full_export(site, tmp_path)


def test_two_edits_in_a_row_each_equal_a_full_export(site, tmp_path):
    retitle_sample_entry("First edit")
    export_site(site, incremental=True)
    retitle_sample_entry("Second edit")
    export_site(site, incremental=True)
    assert b"Second edit" in (site / "en/entries/gen-00002/index.html").read_bytes()
    assert_equals_a_full_export(site, tmp_path)


def test_unchanged_files_keep_their_inode_across_exports(site):
    before = os.stat(site / "en/entries/gen-00004/index.html").st_ino
    retitle_sample_entry()
    export_site(site, incremental=True)
    assert os.stat(site / "en/entries/gen-00004/index.html").st_ino == before


def test_a_full_export_does_not_keep_a_standby_file_changed_in_place(site, tmp_path):
    home = standby_path(site) / "en/index.html"
    original = home.read_bytes()
    home.write_bytes(original.replace(b"<title>", b"<title>X", 1)[: len(original)])
    export_site(site)
    assert (site / "en/index.html").read_bytes() == original
    assert_equals_a_full_export(site, tmp_path)


def test_a_full_export_puts_right_an_output_file_edited_by_hand_at_the_same_size(site, tmp_path):
    page = site / "en/index.html"
    original = page.read_bytes()
    page.write_bytes(b"x" * len(original))
    export_site(site)
    assert page.read_bytes() == original
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)


def test_a_link_planted_in_the_standby_is_removed_not_followed(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    planted = standby_path(site) / "en/secret.txt"
    planted.symlink_to(secret)
    (standby_path(site) / "en/index.html").unlink()
    (standby_path(site) / "en/index.html").symlink_to(secret)
    export_site(site)
    assert secret.read_text() == "top secret"
    assert b"top secret" not in b"".join(file_tree(site).values())
    assert_equals_a_full_export(site, tmp_path)


def test_a_standby_file_where_the_build_needs_a_folder_is_replaced(site, tmp_path):
    entries = standby_path(site) / "en/entries"
    for child in sorted(entries.rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()
    entries.rmdir()
    entries.write_text("a file where a folder belongs")
    retitle_sample_entry()
    export_site(site)
    assert_equals_a_full_export(site, tmp_path)


def test_stray_files_in_the_standby_do_not_reach_the_output(site, tmp_path):
    (standby_path(site) / "en/stray.html").write_text("left behind")
    (standby_path(site) / "old/deep").mkdir(parents=True)
    (standby_path(site) / "old/deep/page.html").write_text("an old page")
    export_site(site)
    assert not (site / "en/stray.html").exists() and not (site / "old").exists()
    assert_equals_a_full_export(site, tmp_path)


def test_without_its_record_the_standby_is_checked_file_by_file(site, tmp_path):
    StandbyRecord(site).drop()
    (standby_path(site) / "en/stray.html").write_text("left behind")
    (standby_path(site) / "en/index.html").unlink()
    (standby_path(site) / "en/index.html").write_text("tampered")
    retitle_sample_entry()
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_a_deleted_standby_only_costs_time(site, tmp_path):
    for child in sorted(standby_path(site).rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()
    standby_path(site).rmdir()
    retitle_sample_entry()
    result = export_site(site, incremental=True)
    assert 0 < result.rendered < result.pages
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_the_spare_of_an_earlier_version_becomes_the_standby(site, tmp_path):
    standby_path(site).rename(site.parent / f".{site.name}.export-spare")
    StandbyRecord(site).drop()
    retitle_sample_entry()
    export_site(site, incremental=True)
    assert not (site.parent / f".{site.name}.export-spare").exists()
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_a_lost_record_of_known_files_only_costs_reading_them(site, tmp_path):
    KnownFiles.beside(site).path.unlink()
    retitle_sample_entry()
    result = export_site(site, incremental=True)
    assert 0 < result.rendered < result.pages
    assert_equals_a_full_export(site, tmp_path)


def test_known_files_vouch_only_for_the_file_they_saw(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"first")
    known = KnownFiles(tmp_path / "known.json")
    sha = known.digest(page)
    assert known.vouches(page, sha)
    page.write_bytes(b"other")
    assert not known.vouches(page, sha)
    assert known.digest(page) != sha

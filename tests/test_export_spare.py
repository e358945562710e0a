"""Each build starts from the spare, the output the last swap replaced, and still equals a
build from nothing, whatever happened to the spare or the output in between."""

import os

import pytest

from cms.export import export_site
from cms.export.known import KnownFiles
from cms.models import Entry, Page
from devtools.sample import generate_content
from tests.factories import export_with_spare, file_tree, make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


@pytest.fixture
def site(tmp_path):
    generate_content(6)
    return export_with_spare(tmp_path / "site")


def spare(site):
    return site.parent / f".{site.name}.export-spare"


def edit_title(title="An edited title"):
    entry = Entry.objects.get(language="en", slug="gen-00002")
    entry.title = title
    entry.save()


def assert_equals_a_full_export(site, tmp_path):
    export_site(tmp_path / "full")
    assert file_tree(site) == file_tree(tmp_path / "full")


def test_the_replaced_output_becomes_the_spare_with_the_files_both_share(site):
    live, kept = file_tree(site), file_tree(spare(site))
    assert all(live.get(name) == data for name, data in kept.items())
    assert "en/entries/gen-00002/index.html" in kept and "en/index.html" in kept
    assert not [name for name in kept if "/." in "/" + name]


def test_no_withdrawn_or_superseded_page_stays_beside_the_site(site):
    make_page("Gone soon", slug="gone")
    edit_title("First title")
    export_site(site, incremental=True)
    Page.objects.filter(slug="gone").delete()
    edit_title("Second title")
    export_site(site, incremental=True)
    live, kept = file_tree(site), file_tree(spare(site))
    assert kept and all(live.get(name) == data for name, data in kept.items())
    assert not (spare(site) / "en/pages/gone").exists()
    assert not any(b"First title" in data for data in kept.values())


def test_an_edit_built_from_the_spare_equals_a_full_export(site, tmp_path):
    edit_title()
    result = export_site(site, incremental=True)
    assert 0 < result.rendered < result.pages
    assert b"An edited title" in (site / "en/entries/gen-00002/index.html").read_bytes()
    assert_equals_a_full_export(site, tmp_path)


def test_two_edits_in_a_row_each_equal_a_full_export(site, tmp_path):
    edit_title("First edit")
    export_site(site, incremental=True)
    edit_title("Second edit")
    export_site(site, incremental=True)
    assert b"Second edit" in (site / "en/entries/gen-00002/index.html").read_bytes()
    assert_equals_a_full_export(site, tmp_path)


def test_unchanged_files_keep_their_inode_across_exports(site):
    before = os.stat(site / "en/entries/gen-00004/index.html").st_ino
    edit_title()
    export_site(site, incremental=True)
    assert os.stat(site / "en/entries/gen-00004/index.html").st_ino == before


def test_a_spare_file_changed_in_place_is_not_kept(site, tmp_path):
    home = spare(site) / "en/index.html"
    original = home.read_bytes()
    home.write_bytes(original.replace(b"<title>", b"<title>X", 1)[: len(original)])
    export_site(site, incremental=True)
    assert (site / "en/index.html").read_bytes() == original
    assert_equals_a_full_export(site, tmp_path)


def test_an_output_file_edited_by_hand_at_the_same_size_is_not_trusted(site, tmp_path):
    page = site / "en/index.html"
    original = page.read_bytes()
    page.write_bytes(b"x" * len(original))
    export_site(site, incremental=True)
    assert page.read_bytes() == original
    assert_equals_a_full_export(site, tmp_path)


def test_a_link_planted_in_the_spare_is_removed_not_followed(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    planted = spare(site) / "en/secret.txt"
    planted.symlink_to(secret)
    (spare(site) / "en/index.html").unlink()
    (spare(site) / "en/index.html").symlink_to(secret)
    export_site(site, incremental=True)
    assert secret.read_text() == "top secret"
    assert b"top secret" not in b"".join(file_tree(site).values())
    assert_equals_a_full_export(site, tmp_path)


def test_a_spare_file_where_the_build_needs_a_folder_is_replaced(site, tmp_path):
    entries = spare(site) / "en/entries"
    for child in sorted(entries.rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()
    entries.rmdir()
    entries.write_text("a file where a folder belongs")
    edit_title()
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)


def test_stray_files_in_the_spare_do_not_reach_the_output(site, tmp_path):
    (spare(site) / "en/stray.html").write_text("left behind")
    (spare(site) / "old/deep").mkdir(parents=True)
    (spare(site) / "old/deep/page.html").write_text("an old page")
    export_site(site, incremental=True)
    assert not (site / "en/stray.html").exists() and not (site / "old").exists()
    assert_equals_a_full_export(site, tmp_path)


def test_a_lost_record_of_known_files_only_costs_reading_them(site, tmp_path):
    KnownFiles.beside(site).path.unlink()
    edit_title()
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

"""``manage.py export --verify`` re-hashes every file of the output against its manifest, names
the files that differ, are missing or are not in the manifest, and makes the next export,
incremental or not, put them right; what the standby holds against the manifest is named and
put right too, without failing the check."""

import pytest
from django.core.management import CommandError, call_command

from cms.export import export_site
from cms.export.standby import StandbyRecord, standby_path
from tests.factories import (
    assert_equals_a_full_export,
    file_tree,
)
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.exported_sample


def verify(site):
    call_command("export", "--output", str(site), "--verify")


def failed_verification(site) -> str:
    with pytest.raises(CommandError) as caught:
        verify(site)
    return str(caught.value)


def test_an_untouched_output_verifies(site, capsys):
    verify(site)
    assert "each matches the manifest" in capsys.readouterr().out


def test_a_file_changed_in_place_is_named(site):
    page = site / "en/index.html"
    page.write_bytes(b"x" * len(page.read_bytes()))
    message = failed_verification(site)
    assert "en/index.html: differs from its manifest record" in message
    assert message.count(": differs") == 1


def test_missing_files_and_files_not_in_the_manifest_are_named(site):
    (site / "en/entries/gen-00001/index.html").unlink()
    (site / "en/stray.html").write_text("left here by hand")
    message = failed_verification(site)
    assert "en/entries/gen-00001/index.html: is missing" in message
    assert "en/stray.html: is not in the manifest" in message


def test_a_link_in_place_of_a_file_is_named(site, tmp_path):
    page = site / "en/index.html"
    copy = tmp_path / "copy.html"
    copy.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(copy)
    assert "en/index.html: differs" in failed_verification(site)


def test_git_and_the_search_bundle_are_not_checked(site):
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / "pagefind").mkdir()
    (site / "pagefind/pagefind.js").write_text("// built by Pagefind")
    verify(site)


def test_an_incremental_export_trusts_its_journal_until_verify_finds_the_edit(site, tmp_path):
    page = site / "en/index.html"
    page.write_bytes(b"x" * len(page.read_bytes()))
    export_site(site, incremental=True)
    assert page.read_bytes().startswith(b"xxx")
    failed_verification(site)
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)
    verify(site)


def test_a_file_replaced_by_hand_is_put_right_in_the_output_and_the_standby(site, tmp_path):
    page = site / "en/topics/index.html"
    page.unlink()
    page.write_text("replaced by hand")
    (site / "en/stray.html").write_text("left here by hand")
    failed_verification(site)
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_a_folder_without_an_export_cannot_be_verified(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(CommandError, match="no export to verify"):
        verify(tmp_path / "site")


def test_a_file_added_by_hand_does_not_come_back_from_the_standby_after_verify(
    site, tmp_path, capsys
):
    (site / "en/stray.html").write_text("left here by hand")
    export_site(site, incremental=True)
    assert not (site / "en/stray.html").exists()
    verify(site)
    assert "en/stray.html: is not in the manifest" in capsys.readouterr().out
    for _export in range(2):
        export_site(site, incremental=True)
        assert not (site / "en/stray.html").exists()
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_standby_files_replaced_or_removed_by_hand_are_named_and_put_right(site, tmp_path, capsys):
    (standby_path(site) / "en/topics/index.html").unlink()
    (standby_path(site) / "en/topics/index.html").write_text("replaced by hand")
    (standby_path(site) / "en/entries/gen-00001/index.html").unlink()
    verify(site)
    report = capsys.readouterr().out
    assert "each matches the manifest" in report
    assert "en/topics/index.html: differs from its manifest record" in report
    assert "en/entries/gen-00001/index.html: is missing" in report
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)


def test_a_standby_file_copied_rather_than_linked_is_read_and_kept(site, capsys):
    page = standby_path(site) / "en/index.html"
    copy = page.read_bytes()
    page.unlink()
    page.write_bytes(copy)
    verify(site)
    assert "does not match" not in capsys.readouterr().out
    assert StandbyRecord(site).pending() == set()

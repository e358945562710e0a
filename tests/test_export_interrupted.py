"""An incremental export that fails or is killed at any step (writing, the swap, bringing the
standby level, recording it) leaves the output either as it was or fully replaced, and the
next incremental export equals a full export, with a standby that matches it again.

A kill is an ``os._exit`` in a forked copy of the test process at the chosen step: nothing
after it runs, no ``finally`` and no ``__exit__``, as with SIGKILL (tests/test_export_processes.py
kills a real ``manage.py export``).
"""

import os

import pytest

from cms.export import carry as export_carry
from cms.export import export_site
from cms.export import standby as export_standby
from cms.export import writer as export_writer
from cms.export.manifest import Manifest
from cms.export.standby import standby_path
from tests.factories import (
    assert_equals_a_full_export,
    file_tree,
    retitle_sample_entry,
)
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.exported_sample


def dies_at(owner, name, call=1):
    """Make the ``call``-th call of ``owner.name`` end the process before it does anything."""
    original = getattr(owner, name)
    calls = [0]

    def dying(*args, **kwargs):
        calls[0] += 1
        if calls[0] >= call:
            os._exit(9)
        return original(*args, **kwargs)

    setattr(owner, name, dying)


def dies_after(owner, name):
    original = getattr(owner, name)

    def dying(*args, **kwargs):
        original(*args, **kwargs)
        os._exit(9)

    setattr(owner, name, dying)


KILLS = {
    "while writing": lambda: dies_at(export_writer.Staging, "place_page", call=2),
    "while the manifest is updated": lambda: dies_after(export_carry.Update, "write"),
    "before the swap": lambda: dies_at(export_writer, "swap_in"),
    "right after the swap": lambda: dies_after(export_writer, "swap_in"),
    "while the standby is brought level": lambda: dies_at(export_standby, "place_link", 2),
    "before the standby is recorded as level": lambda: dies_at(
        export_standby.StandbyRecord, "save", call=2
    ),
}


@pytest.mark.parametrize("step", KILLS)
def test_a_killed_incremental_export_is_followed_by_a_correct_one(site, tmp_path, step):
    before = file_tree(site)
    retitle_sample_entry("Edited while killed")
    child = os.fork()
    if child == 0:
        try:
            KILLS[step]()
            export_site(site, incremental=True)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9, "the export finished before the kill"
    after = file_tree(site)
    edited = b"Edited while killed" in after["en/entries/gen-00002/index.html"]
    assert after == before or edited
    assert export_site(site, incremental=True).published
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)
    retitle_sample_entry("Edited after the kill")
    export_site(site, incremental=True)
    assert_equals_a_full_export(site, tmp_path / "again")


def test_a_full_export_after_a_killed_manifest_update_is_not_undone_by_it(site, tmp_path):
    """The killed update leaves its rollback journal beside the manifest; a full export, which
    does not read the old manifest, must not leave it beside the new one."""
    retitle_sample_entry("Edited while killed")
    child = os.fork()
    if child == 0:
        try:
            dies_after(export_carry.Update, "write")
            export_site(site, incremental=True)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9, "the export finished before the kill"
    assert (site.parent / ".site.export/manifest.sqlite3-journal").is_file()
    assert export_site(site).published
    export_site(tmp_path / "full")
    assert Manifest.load(site).urls == Manifest.load(tmp_path / "full").urls
    retitle_sample_entry("Edited after the kill")
    assert export_site(site, incremental=True).planned
    assert_equals_a_full_export(site, tmp_path / "again")


def test_an_export_that_raises_while_writing_leaves_the_output_and_a_usable_standby(
    site, tmp_path, monkeypatch
):
    before = file_tree(site)
    retitle_sample_entry("Edited before the failure")
    dies = [0]
    original = export_writer.Staging.place_page

    def failing(self, *args):
        dies[0] += 1
        if dies[0] == 3:
            raise RuntimeError("disk full")
        return original(self, *args)

    monkeypatch.setattr(export_writer.Staging, "place_page", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        export_site(site, incremental=True)
    monkeypatch.setattr(export_writer.Staging, "place_page", original)
    assert file_tree(site) == before
    assert (site.parent / ".site.export/standby.json").is_file()
    assert export_site(site, incremental=True).published
    assert_equals_a_full_export(site, tmp_path)
    assert file_tree(standby_path(site)) == file_tree(site)

"""The manifest beside the output: a SQLite file that a planned export updates record by record.

An edit rewrites only the records it changes, and a file that no page links to any more leaves
the output as it would in a full export. A manifest that cannot be read, of another format or
of an earlier version (``manifest.json``) means a full render. Killed exports are in
tests/test_export_interrupted.py.
"""

import sqlite3
from pathlib import Path

import pytest
from django.conf import settings

from cms.export import export_site
from cms.export.manifest import Manifest
from cms.models import Entry
from tests.factories import file_tree
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

site = shared.site
MANIFEST = Path(shared.RECORDS) / "manifest.sqlite3"


def set_body(body: str) -> None:
    entry = Entry.objects.get(language="en", slug="folding")
    entry.body = body
    entry.save()


def rows_by_url(output: Path) -> dict[str, int]:
    with sqlite3.connect(output.parent / f".{output.name}.export/manifest.sqlite3") as db:
        return dict(db.execute("SELECT url, id FROM records"))


def test_a_planned_edit_rewrites_only_the_records_it_changes(site, tmp_path):
    export_site(tmp_path / "site")
    before = rows_by_url(tmp_path / "site")
    set_body("Said again, differently.")
    result = export_site(tmp_path / "site", incremental=True)
    assert result.planned and result.rendered < result.pages
    assert rows_by_url(tmp_path / "site") == before
    changed = Manifest.load(tmp_path / "site").urls
    export_site(tmp_path / "full")
    assert changed.keys() == Manifest.load(tmp_path / "full").urls.keys()
    assert file_tree(tmp_path / "site") == file_tree(tmp_path / "full")


def test_a_file_linked_by_an_edit_comes_and_goes_with_it(site, tmp_path):
    figure = Path(settings.MEDIA_ROOT) / "figures/only-here.png"
    figure.parent.mkdir(parents=True, exist_ok=True)
    figure.write_bytes(b"\x89PNG not really")
    export_site(tmp_path / "site")
    bodies = {"![A figure](/media/figures/only-here.png)": True, "No figure any more.": False}
    for number, (body, shown) in enumerate(bodies.items()):
        set_body(body)
        result = export_site(tmp_path / "site", incremental=True)
        assert result.planned
        export_site(tmp_path / f"full{number}")
        assert file_tree(tmp_path / "site") == file_tree(tmp_path / f"full{number}")
        assert (tmp_path / "site/media/figures/only-here.png").exists() == shown
        full = Manifest.load(tmp_path / f"full{number}").urls
        assert Manifest.load(tmp_path / "site").urls.keys() == full.keys()


UNUSABLE = {
    "unreadable": lambda path: path.write_bytes(b"not a database at all"),
    "another format": lambda path: _set_meta(path, "format", "6"),
    "marked unusable": lambda path: _set_meta(path, "usable", "false"),
    "of an earlier version": lambda path: (
        path.unlink(),
        path.with_name("manifest.json").write_bytes(b'{"format": 6}'),
    ),
}


def _set_meta(path: Path, key: str, value: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", [value, key])


@pytest.mark.parametrize("spoil", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_manifest_means_a_full_render(site, tmp_path, spoil):
    export_site(tmp_path / "site")
    spoil(tmp_path / MANIFEST)
    result = export_site(tmp_path / "site", incremental=True)
    assert result.reused == 0 and result.rendered == result.pages
    assert not (tmp_path / shared.RECORDS / "manifest.json").exists()
    assert Manifest.load(tmp_path / "site") is not None


def test_a_full_export_writes_the_same_manifest_every_time(site, tmp_path):
    export_site(tmp_path / "one")
    export_site(tmp_path / "two")
    one, two = (tmp_path / f".{name}.export/manifest.sqlite3" for name in ("one", "two"))
    assert one.read_bytes() == two.read_bytes()

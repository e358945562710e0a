"""Publishing to a folder on this machine: only changed files copied, the folder swapped whole."""

import pytest

from cms.exceptions import PublishError
from cms.publish import publish_site
from cms.publish.files import read_folder

pytestmark = pytest.mark.django_db


def tree(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def source(tmp_path):
    root = tmp_path / "export"
    (root / "en").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>")
    (root / "en/index.html").write_text("<p>en</p>")
    (root / "old.html").write_text("<p>old</p>")
    (root / ".export-manifest.json").write_text("{}")
    return root


def test_the_folder_holds_the_export_without_its_bookkeeping(source, tmp_path):
    result = publish_site(str(tmp_path / "www"), source=source)
    assert tree(tmp_path / "www") == {
        "index.html": b"<p>home</p>",
        "en/index.html": b"<p>en</p>",
        "old.html": b"<p>old</p>",
    }
    assert (result.uploaded, result.deleted, result.unchanged) == (3, 0, 0)


def test_only_changed_files_are_copied_and_removed_ones_go(source, tmp_path):
    publish_site(str(tmp_path / "www"), source=source)
    kept_inode = (tmp_path / "www/en/index.html").stat().st_ino
    (source / "index.html").write_text("<p>home, edited</p>")
    (source / "old.html").unlink()
    result = publish_site(str(tmp_path / "www"), source=source)
    assert (result.uploaded, result.deleted, result.unchanged) == (1, 1, 1)
    assert tree(tmp_path / "www") == {
        "index.html": b"<p>home, edited</p>",
        "en/index.html": b"<p>en</p>",
    }
    assert (tmp_path / "www/en/index.html").stat().st_ino == kept_inode
    assert not list(tmp_path.glob(".www.publish-*"))


def test_dry_run_leaves_the_folder_as_it_was(source, tmp_path):
    publish_site(str(tmp_path / "www"), source=source)
    before = tree(tmp_path / "www")
    (source / "index.html").write_text("<p>changed</p>")
    result = publish_site(str(tmp_path / "www"), source=source, dry_run=True)
    assert result.changes == ["upload index.html"]
    assert tree(tmp_path / "www") == before


def test_a_folder_publish_did_not_write_is_refused(source, tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/thesis.tex").write_text("keep me")
    with pytest.raises(PublishError, match="publish did not write"):
        publish_site(str(tmp_path / "documents"), source=source)
    assert (tmp_path / "documents/thesis.tex").read_text() == "keep me"


def test_publishing_into_the_export_itself_is_refused(source):
    with pytest.raises(PublishError, match="overlaps"):
        publish_site(str(source / "en"), source=source)
    assert read_folder(source)

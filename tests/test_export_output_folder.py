"""What the export does to its output folder: it swaps in the new site keeping a .git folder,
stale pages disappear, folders holding other files, the project or the media root are
refused, and the folder holds only public files (the export's records live beside it).
"""

from pathlib import Path

import pytest

from cms.exceptions import ExportError
from cms.export import export_site
from cms.models import Page
from tests.factories import (
    file_tree,
    make_page,
)
from tests.support import export as shared
from tests.support.export import RECORDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_git_folder_in_the_output_survives_the_swap(site, tmp_path):
    (tmp_path / "site/.git").mkdir(parents=True)
    (tmp_path / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    export_site(tmp_path / "site")
    export_site(tmp_path / "site")
    assert (tmp_path / "site/.git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (tmp_path / "site/index.html").is_file()


def test_stale_pages_disappear_with_the_swap(site, tmp_path):
    make_page("Gone soon", slug="gone")
    export_site(tmp_path / "site")
    assert (tmp_path / "site/en/pages/gone/index.html").is_file()
    Page.objects.filter(slug="gone").delete()
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/en/pages/gone").exists()


def test_output_folder_holding_other_files_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="did not write"):
        export_site(tmp_path / "docs")
    assert (tmp_path / "docs/notes.txt").read_text() == "mine"


def test_output_folder_containing_the_project_is_refused(settings):
    with pytest.raises(ExportError, match="would replace"):
        export_site(Path(settings.BASE_DIR).parent)


def test_output_inside_the_media_root_is_refused(settings):
    with pytest.raises(ExportError, match="inside"):
        export_site(Path(settings.MEDIA_ROOT) / "site")


def test_an_exports_output_folder_holds_only_public_files(site, tmp_path):
    """The README's GitHub Pages and Netlify recipes publish the output folder whole.

    So the manifest (row ids, digests of drafts, users, SQL), the lock, the
    spare and every other record of the export live beside it, never in it:
    each file in the folder is a URL of the site, and none is a dot-file.
    """
    export_site(tmp_path / "site")
    result = export_site(tmp_path / "site", incremental=True)
    files = file_tree(tmp_path / "site")
    assert not [name for name in files if "/." in "/" + name]
    assert len(files) == result.pages + result.files
    assert result.reused, "the manifest beside the output still serves --incremental"
    assert (tmp_path / RECORDS / "manifest.sqlite3").is_file()


def test_an_export_written_by_an_older_version_loses_its_manifest(site, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/.export-manifest.json").write_text("{}")
    (tmp_path / "site/index.html").write_text("old")
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/.export-manifest.json").exists()
    assert (tmp_path / "site/index.html").read_text() != "old"

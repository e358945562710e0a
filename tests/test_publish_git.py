"""Publishing to a git branch, against a bare repository in a temporary folder."""

import hashlib
import subprocess

import pytest

from cms.exceptions import PublishError
from cms.publish import publish_site
from cms.publish.files import read_folder
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(hashed_static):
    return make_entry("Folding proteins", slug="folding")


@pytest.fixture
def remote(tmp_path):
    """A bare repository that, like GitHub, lets clients fetch without file contents."""
    path = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(path))
    git(path, "config", "uploadpack.allowFilter", "true")
    return path


def git(where, *args) -> bytes:
    return subprocess.run(["git", *args], cwd=where, check=True, capture_output=True).stdout


def branch_files(remote, branch="gh-pages") -> dict[str, str]:
    """Path to SHA-256 of every file on the branch, read from the repository itself."""
    listing = git(remote, "ls-tree", "-r", "-z", branch).decode()
    found = {}
    for line in filter(None, listing.split("\0")):
        meta, path = line.split("\t", 1)
        blob = git(remote, "cat-file", "blob", meta.split()[2])
        found[path] = hashlib.sha256(blob).hexdigest()
    return found


def exported(tmp_path) -> dict[str, str]:
    return {path: file.sha256 for path, file in read_folder(tmp_path / "site").items()}


def commits(remote, branch="gh-pages") -> list[str]:
    return git(remote, "log", "--format=%s", branch).decode().splitlines()


def test_the_branch_tree_equals_the_export(site, remote, tmp_path):
    result = publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    expected = {**exported(tmp_path), ".nojekyll": hashlib.sha256(b"").hexdigest()}
    assert branch_files(remote) == expected
    assert result.uploaded == len(expected)
    assert not [path for path in expected if path.startswith(".export")]


def test_each_publish_is_one_commit_naming_the_time_and_counts(site, remote, tmp_path):
    first = publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    assert len(commits(remote)) == 1
    assert commits(remote)[0].startswith("Publish 20")
    assert f"{first.uploaded} files added or changed, 0 deleted, 0 unchanged" in commits(remote)[0]
    again = publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    assert (again.uploaded, again.deleted) == (0, 0)
    assert len(commits(remote)) == 1


def test_an_edit_and_a_deletion_make_one_new_commit_on_top(site, remote, tmp_path):
    publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    other = make_entry("Another paper", slug="another")
    publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    assert "en/entries/another/index.html" in branch_files(remote)
    other.delete()
    site.title = "Folding proteins, revisited"
    site.save()
    result = publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    files = branch_files(remote)
    assert "en/entries/another/index.html" not in files
    assert files == {**exported(tmp_path), ".nojekyll": hashlib.sha256(b"").hexdigest()}
    assert len(commits(remote)) == 3
    assert result.deleted >= 2 and result.unchanged > 0
    assert f"{result.deleted} deleted, {result.unchanged} unchanged" in commits(remote)[0]


def test_cname_is_written_for_github_pages(site, remote, tmp_path):
    publish_site(f"git+{remote}#pages", output=tmp_path / "site", cname="digest.example.org")
    assert git(remote, "show", "pages:CNAME") == b"digest.example.org\n"


def test_other_branches_are_left_alone(site, remote, tmp_path):
    work = tmp_path / "work"
    git(tmp_path, "init", "--quiet", "-b", "main", str(work))
    (work / "README").write_text("source")
    git(work, "add", "README")
    git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "source")
    git(work, "push", "--quiet", str(remote), "main")
    publish_site(f"git+{remote}#gh-pages", output=tmp_path / "site")
    assert git(remote, "show", "main:README") == b"source"


def test_an_unreachable_repository_is_a_clear_error(tmp_path):
    (tmp_path / "index.html").write_text("hi")
    with pytest.raises(PublishError, match="git ls-remote failed"):
        publish_site(f"git+{tmp_path / 'missing.git'}#gh-pages", source=tmp_path)

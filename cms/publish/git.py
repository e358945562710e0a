"""Publishing to a branch of a git repository (``git+URL#BRANCH``, e.g. GitHub Pages' ``gh-pages``).

Each publish that changes something is one commit on top of the branch,
its message naming the time and the counts, pushed without force: if
someone else moved the branch meanwhile the push is refused and the next
publish starts from their commit. The tree is built with git's plumbing in
a scratch repository (no checkout, no working tree): the branch's last
commit is fetched shallow and without file contents where the server allows
it (``--filter=blob:none``), so a large site costs its changed files, not
all of them. ``.nojekyll`` keeps GitHub Pages from running Jekyll over the
site, and ``--cname`` writes the custom domain file Pages reads.

The ``git`` command does the work; credentials are git's own (SSH keys, a
credential helper), never ours.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cms.exceptions import PublishError
from cms.publish.files import LocalFile
from cms.publish.plan import Plan, Progress

DEFAULT_BRANCH = "gh-pages"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Digest CMS",
    "GIT_AUTHOR_EMAIL": "publish@digest.invalid",
    "GIT_COMMITTER_NAME": "Digest CMS",
    "GIT_COMMITTER_EMAIL": "publish@digest.invalid",
}


def blob_id(file: LocalFile) -> str:
    """The id git gives these bytes (SHA-1 object format, as the scratch repository uses)."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % file.size)
    digest.update(file.read())
    return digest.hexdigest()


class GitTarget:
    def __init__(self, url: str, branch: str = DEFAULT_BRANCH, *, cname: str | None = None) -> None:
        self.url = url
        self.branch = branch
        self.cname = cname
        self.parent: str | None = None
        self.remote: dict[str, str] = {}
        self._scratch: tempfile.TemporaryDirectory | None = None

    @classmethod
    def parse(cls, spec: str, *, cname: str | None = None) -> "GitTarget":
        url, _, branch = spec.removeprefix("git+").partition("#")
        if not url or branch.startswith("-") or " " in branch:
            raise PublishError(
                f"{spec!r} is not a git target; write git+URL#BRANCH, such as "
                "git+git@github.com:team/site.git#gh-pages."
            )
        return cls(url, branch or DEFAULT_BRANCH, cname=cname)

    def __str__(self) -> str:
        return f"git+{self.url}#{self.branch}"

    def extra_files(self) -> list[LocalFile]:
        files = [LocalFile.from_bytes(".nojekyll", b"")]
        if self.cname:
            files.append(LocalFile.from_bytes("CNAME", self.cname.strip().encode() + b"\n"))
        return files

    def check(self, source: Path) -> None:
        if shutil.which("git") is None:
            raise PublishError("git is not installed; install it (apt-get install git).")

    @property
    def repository(self) -> Path:
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="digest-publish-git-")
            self.git("init", "--quiet", "--bare")
        return Path(self._scratch.name)

    def git(self, *args: str, stdin: bytes | None = None) -> str:
        repository = self.repository if args[0] != "init" else Path(self._scratch.name)
        environment = {
            **IDENTITY,
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_INDEX_FILE": str(repository / "publish-index"),
        }
        done = subprocess.run(
            ["git", *args], cwd=repository, input=stdin, capture_output=True, env=environment
        )
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()
            raise PublishError(f"{self}: git {args[0]} failed: {message[-1] if message else ''}")
        return done.stdout.decode()

    def remote_files(self) -> dict[str, str]:
        """Path to blob id of every file on the branch now; empty for a new branch."""
        heads = self.git("ls-remote", "--heads", self.url, f"refs/heads/{self.branch}")
        if not heads.strip():
            return {}
        self.git("remote", "add", "target", self.url)
        self.git(
            "fetch", "--quiet", "--depth", "1", "--filter=blob:none", "target",
            f"+refs/heads/{self.branch}:refs/remotes/target/{self.branch}",
        )  # fmt: skip
        self.parent = self.git("rev-parse", f"refs/remotes/target/{self.branch}").strip()
        listing = self.git("ls-tree", "-r", "-z", "--full-tree", self.parent)
        found = {}
        for line in filter(None, listing.split("\0")):
            meta, path = line.split("\t", 1)
            found[path] = meta.split()[2]
        self.remote = found
        return found

    def is_same(self, local: LocalFile, remote: str) -> bool:
        return blob_id(local) == remote

    def apply(self, plan: Plan, progress: Progress | None = None) -> None:
        if plan.is_empty:
            return
        entries = []
        total = len(plan.uploads)
        for done, file in enumerate(plan.uploads, 1):
            blob = self.git("hash-object", "-w", "--stdin", stdin=file.read()).strip()
            entries.append((file.path, blob))
            if progress:
                progress(done, total, file.path)
        entries += [(path, self.remote[path]) for path in plan.unchanged]
        index = "".join(f"100644 {blob}\t{path}\0" for path, blob in sorted(entries))
        self.git("update-index", "--add", "-z", "--index-info", stdin=index.encode())
        tree = self.git("write-tree", "--missing-ok").strip()
        message = commit_message(plan)
        parents = ["-p", self.parent] if self.parent else []
        commit = self.git("commit-tree", tree, *parents, "-m", message).strip()
        self.git("push", "--quiet", "target" if self.parent else self.url,
                 f"{commit}:refs/heads/{self.branch}")  # fmt: skip

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


def commit_message(plan: Plan) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        f"Publish {when}: {len(plan.uploads)} files added or changed, "
        f"{len(plan.deletions)} deleted, {len(plan.unchanged)} unchanged"
    )

"""The files the export wrote or checked, so that the next run need not read them again.

An incremental export keeps tens of thousands of files from earlier runs;
reading and hashing every one of them to be sure nobody changed it cost more
than everything else the run did. So the export remembers, for each file it
placed, the inode, size and modification time it saw and the SHA-256 of the
bytes. A file whose ``lstat`` still gives those three is that file: writing
into it changes its modification time, replacing it changes its inode. Any
other file is read and hashed, as every file was before.

The record lives beside the output (``.site.export-files.json``), not in it:
the manifest stays identical from one export of a database to the next, and
no static host serves it. A lost or damaged record only costs time.
"""

import os
import stat
from pathlib import Path

import orjson

from cms.export.paths import UnsafePathError, contained
from cms.export.static import file_digest

FORMAT = 1


class KnownFiles:
    """Digests of files by ``(device, inode)``, valid while size and modification time hold."""

    def __init__(self, path: Path, known: dict[str, list] | None = None) -> None:
        self.path = path
        self.known = known or {}
        self.confirmed: dict[str, list] = {}

    @classmethod
    def beside(cls, output: Path) -> "KnownFiles":
        path = output.parent / f".{output.name}.export-files.json"
        try:
            data = orjson.loads(path.read_bytes())
            if data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                return cls(path, data["files"])
        except (OSError, ValueError):
            pass
        return cls(path)

    def vouches(self, path: str | os.PathLike, sha256: str) -> bool:
        """Whether the file at ``path`` is one this record knows to hold ``sha256``; no reading."""
        try:
            status = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(status.st_mode) and self._known(status) == sha256

    def find(self, root: Path, relative: str, sha256: str) -> str | Path | None:
        """The file ``relative`` under ``root`` if it holds ``sha256``, or None.

        A file this record vouches for is one the export placed, wherever a
        link on the way points; any other is looked up with ``contained``
        (no link may lead outside ``root``) and read.
        """
        quick = os.path.join(root, relative)
        if self.vouches(quick, sha256):
            return quick
        try:
            path = contained(root, relative)
        except UnsafePathError:
            return None
        return path if self.digest(path) == sha256 else None

    def digest(self, path: str | os.PathLike) -> str | None:
        """The SHA-256 of the regular file at ``path``, read only when it is not known; None
        for a missing file, a link or anything else that is not a regular file."""
        try:
            status = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        if (sha256 := self._known(status)) is not None:
            return sha256
        try:
            sha256, _size = file_digest(Path(path))
        except OSError:
            return None
        return self.remember(path, sha256, status)

    def _known(self, status: os.stat_result) -> str | None:
        key = _key(status)
        seen = self.known.get(key)
        if seen is None or seen[:2] != [status.st_size, status.st_mtime_ns]:
            return None
        self.confirmed[key] = seen
        return seen[2]

    def remember(self, path: str | os.PathLike, sha256: str, status=None) -> str:
        """Note that the file at ``path`` holds bytes with this digest (the caller just wrote
        or checked them)."""
        status = status or os.lstat(path)
        key = _key(status)
        self.known[key] = self.confirmed[key] = [status.st_size, status.st_mtime_ns, sha256]
        return sha256

    def save(self, prune: bool = True) -> None:
        """Keep the files this run placed or confirmed; with ``prune``, only those (the run
        looked at every file, so the others are gone or unused)."""
        files = self.confirmed if prune else {**self.known, **self.confirmed}
        partial = self.path.with_name(self.path.name + ".part")
        partial.write_bytes(orjson.dumps({"format": FORMAT, "files": files}))
        os.replace(partial, self.path)


def _key(status: os.stat_result) -> str:
    return f"{status.st_dev}:{status.st_ino}"

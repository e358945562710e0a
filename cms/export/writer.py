"""Atomic output: build in the standby tree, swap it with the live one, touch nothing else.

The export builds in the standby tree (``cms.export.standby``), renamed to a
sibling ``._site.export-new-XXXX`` while it is being written, and only when
everything succeeded swaps it with the live folder: on Linux with one
``renameat2(RENAME_EXCHANGE)``, elsewhere with two renames. A failed,
interrupted or killed export leaves the previous output exactly as it was.
The replaced folder becomes the standby and is brought level with the new
output by the journal of what the build changed. The manifest beside the
output (``bookkeeping``) is removed before the swap and the new one moved in
after it, so it describes the output or is missing. A ``.git`` folder or file
in the old output is moved into the new one, so a ``gh-pages`` checkout keeps
working; nothing else of the old output stays unless the new build lists it
with the same bytes.
"""

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cms.exceptions import ExportError
from cms.export.bookkeeping import (
    EXPORTED_MARK,
    KEPT_NAMES,
    LEGACY_MANIFEST_NAME,
    bookkeeping_dir,
    manifest_path,
)
from cms.export.known import KnownFiles
from cms.export.manifest import Manifest
from cms.export.standby import (
    StandbyRecord,
    apply_journal,
    beneath,
    manifest_identity,
    mirror,
    remove_path,
    standby_path,
)
from cms.folder_swap import link_or_copy, swap_in


class Staging:
    """The folder the new site is built in, swapped into place by ``publish``.

    The build starts from the standby, which holds the live output's files.
    With the live manifest of an incremental export and a standby record
    that matches it (``StandbyRecord``), what the standby holds is known
    without looking: the manifest's files, but for the record's pending
    paths (``unknown``). Otherwise, as in every full export, each of its
    files is checked (``known`` vouches for it or it is read) and only files
    with a known digest are kept. Either way only changed files are written
    and files the new build does not list are removed, so the result is the
    same as a build from nothing. ``touched`` is the journal: every path
    written or removed.
    """

    def __init__(
        self, output: Path, known: KnownFiles | None = None, live: Manifest | None = None
    ) -> None:
        self.output = output
        self.known = known or KnownFiles.beside(output)
        self.live = live
        self.prefix = f".{output.name}.export-"
        self.standby = standby_path(output)
        self.record = StandbyRecord(output)
        self.identity: list | None = None
        self.trusted = False
        self.root: Path | None = None
        self.published = False
        self.folders: set[Path] = set()
        self.present: dict[str, str] = {}
        self.unknown: set[str] = set()
        self.touched: set[str] = set()
        self.expected: set[str] = set()

    def __enter__(self) -> "Staging":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        self.identity = manifest_identity(self.output) if self.live is not None else None
        pending = self.record.take()
        self.root = Path(tempfile.mkdtemp(prefix=self.prefix + "new-", dir=self.output.parent))
        if self.standby.is_dir() and not self.standby.is_symlink():
            os.rmdir(self.root)
            os.rename(self.standby, self.root)
            if pending is not None and self.live is not None:
                self.trusted = True
                self.unknown = pending
                self.present = {
                    record.path: record.sha256
                    for record in self.live.urls.values()
                    if record.path not in pending
                }
            else:
                self.present = dict(self._take_stock(str(self.root), ""))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.published or self.root is None or not self.root.exists():
            return
        self._keep_as_standby(self.root)
        if self.live is not None and self.standby.is_dir():
            live = {record.path: record.sha256 for record in self.live.urls.values()}
            differ = {path for path, sha in live.items() if self.present.get(path) != sha}
            pending = self.touched | self.unknown | differ | (set(self.present) - set(live))
            self.record.save(self.identity, pending)

    def remove_leftovers(self) -> None:
        """Folders of killed runs; a lost swap (no output, an old build) is put back first.

        One leftover build (or the spare of an earlier version) becomes the
        standby when there is none.
        """
        leftovers = sorted(
            child
            for child in self.output.parent.iterdir()
            if child.name.startswith(self.prefix)
            and child != self.standby
            and child.is_dir()
            and not child.is_symlink()
        )
        old = [child for child in leftovers if child.name.startswith(self.prefix + "old-")]
        if not self.output.exists() and old:
            os.rename(old[-1], self.output)
        for child in leftovers:
            if child.exists():
                self._keep_as_standby(child)

    def _keep_as_standby(self, folder: Path) -> None:
        if os.path.lexists(self.standby):
            shutil.rmtree(folder)
        else:
            os.rename(folder, self.standby)

    def _take_stock(self, folder: str, prefix: str) -> Iterator[tuple[str, str]]:
        """``(relative path, digest)`` of the standby's files; whatever is not a plain file goes."""
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False) and relative not in KEPT_NAMES:
                    yield from self._take_stock(entry.path, relative + "/")
                elif entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                elif relative == LEGACY_MANIFEST_NAME:
                    os.unlink(entry.path)
                elif (sha256 := self.known.digest(entry.path)) is not None:
                    yield relative, sha256
                else:
                    os.unlink(entry.path)

    def keeps(self, relative: str, sha256: str) -> bool:
        """Whether the standby already holds exactly these bytes at ``relative``."""
        return self.present.get(relative) == sha256

    def file(self, relative: str) -> Path:
        """The path to place ``relative`` at, its folders made and whatever was there removed."""
        destination = beneath(self.root, relative)
        self.touched.add(relative)
        if destination.parent not in self.folders:
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                self._clear_files_above(relative)
                destination.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(destination.parent)
        if self.present.pop(relative, None) is not None:
            os.unlink(destination)
        elif destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)
            inside = relative + "/"
            self.present = {
                name: sha for name, sha in self.present.items() if name[: len(inside)] != inside
            }
        elif os.path.lexists(destination):
            os.unlink(destination)
        return destination

    def _clear_files_above(self, relative: str) -> None:
        """A file where the new build needs a folder (``a`` before, ``a/index.html`` now)."""
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            path = beneath(self.root, above)
            if os.path.lexists(path) and not (path.is_dir() and not path.is_symlink()):
                os.unlink(path)
                self.present.pop(above, None)
                self.touched.add(above)

    def write(self, relative: str, data: bytes, sha256: str) -> None:
        destination = self.file(relative)
        with open(destination, "xb") as stream:
            stream.write(data)
        self.known.remember(destination, sha256)

    def open_new(self, relative: str) -> BinaryIO:
        """A new file in the build, for writing; the standby's file there is removed first."""
        return open(self.file(relative), "xb")  # noqa: SIM115 - the caller closes it

    def link(self, relative: str, source: Path, sha256: str | None = None) -> None:
        """A hard link to ``source``, or a copy across file systems."""
        destination = self.file(relative)
        link_or_copy(source, destination)
        if sha256 is not None:
            self.known.remember(destination, sha256)

    def copy(self, relative: str, source: Path) -> None:
        shutil.copyfile(source, self.file(relative))

    def discard_all_but(self, expected: Iterable[str]) -> None:
        """Remove the standby's files the new build does not have, and folders left empty."""
        self.expected = set(expected)
        for relative in set(self.present) - self.expected:
            del self.present[relative]
            self.touched.add(relative)
            remove_path(self.root, relative)
        for relative in self.unknown - self.expected:
            self.touched.add(relative)
            remove_path(self.root, relative)

    def verify(self, expected: dict[str, int]) -> None:
        """Every expected file is there with its size, and nothing else is.

        A build from a trusted standby is not listed again: every path it
        did not write holds what the live manifest says (``--verify``
        re-hashes the output when that is in doubt).
        """
        if self.trusted:
            return
        found = dict(_file_sizes(str(self.root), ""))
        if found != expected:
            missing = sorted(set(expected) - set(found))[:5]
            unexpected = sorted(set(found) - set(expected))[:5]
            raise ExportError(
                f"The new output did not verify (missing {missing}, unexpected {unexpected}, "
                "or sizes differ); the previous output was left as it was."
            )

    def publish(self, manifest: Path | None = None) -> None:
        """Swap the verified build into place, keeping ``.git``; the old output is the standby.

        ``manifest``, written beside the build, becomes the output's manifest
        after the swap; the previous one is removed before it. The standby
        is then brought level with the new output: by the journal when the
        build trusted it, by listing both trees otherwise.
        """
        records = bookkeeping_dir(self.output)
        records.mkdir(exist_ok=True)
        (records / EXPORTED_MARK).touch()
        manifest_path(self.output).unlink(missing_ok=True)
        moved = []
        if self.output.is_dir():
            for name in KEPT_NAMES:
                if os.path.lexists(self.output / name):
                    os.rename(self.output / name, self.root / name)
                    moved.append(name)
        try:
            old = swap_in(self.root, self.output, self.prefix)
        except OSError:
            for name in moved:
                os.rename(self.root / name, self.output / name)
            raise
        self.published = True
        if manifest is not None:
            os.replace(manifest, manifest_path(self.output))
        identity = manifest_identity(self.output)
        if old is not None:
            self._keep_as_standby(old)
        if old is not None and self.trusted:
            self.record.save(identity, self.touched)
            apply_journal(self.output, self.standby, self.touched, self.expected)
        else:
            mirror(self.output, self.standby, self.expected)
        self.record.save(identity, ())
        self.known.save(prune=not self.trusted)


def _file_sizes(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """``(relative path, size)`` of every file under ``folder``, a link to a file as that file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _file_sizes(entry.path, relative + "/")
            elif entry.is_file():
                yield relative, entry.stat().st_size

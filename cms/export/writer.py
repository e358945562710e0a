"""Atomic output: build beside the old site, verify, swap, and never touch anything else.

The export builds in a sibling folder (``._site.export-new-XXXX``) and only
when everything succeeded swaps it with the live folder: on Linux with one
``renameat2(RENAME_EXCHANGE)``, elsewhere with two renames. A failed,
interrupted or killed export leaves the previous output exactly as it was.
The replaced folder stays beside the output as the spare
(``._site.export-spare``) and the next build starts from it (``Staging``).
The manifest beside the output (``bookkeeping``) is removed before the swap
and the new one moved in after it, so it describes the output or is missing.
A ``.git`` folder or file in the old output is moved into the new one, so a
``gh-pages`` checkout keeps working; nothing else of the old output stays
unless the new build lists it with the same bytes.
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
from cms.export.paths import contained
from cms.folder_swap import link_or_copy, swap_in


class Staging:
    """The folder the new site is built in, swapped into place by ``publish``.

    The build starts from the spare (``._site.export-spare``): the output
    the last swap replaced, or the build of a run that failed. Most of its
    files are what the new build needs, byte for byte; keeping them saves
    creating, and later deleting, tens of thousands of files and folders on
    every run. Only files whose digest ``known`` vouches for are kept; the
    others, and everything the new build does not list, are removed before
    the build is verified, so the result is the same as a build from nothing.
    """

    def __init__(self, output: Path, known: KnownFiles | None = None) -> None:
        self.output = output
        self.known = known or KnownFiles.beside(output)
        self.prefix = f".{output.name}.export-"
        self.spare = output.parent / f"{self.prefix}spare"
        self.root: Path | None = None
        self.published = False
        self.folders: set[Path] = set()
        self.present: dict[str, str] = {}

    def __enter__(self) -> "Staging":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        self.root = Path(tempfile.mkdtemp(prefix=self.prefix + "new-", dir=self.output.parent))
        if self.spare.is_dir() and not self.spare.is_symlink():
            os.rmdir(self.root)
            os.rename(self.spare, self.root)
            self.present = dict(self._take_stock(str(self.root), ""))
        return self

    def __exit__(self, *exc_info) -> None:
        if not self.published and self.root is not None and self.root.exists():
            self._keep_as_spare(self.root)

    def remove_leftovers(self) -> None:
        """Folders of killed runs; a lost swap (no output, an old build) is put back first.

        One leftover build becomes the spare when there is none.
        """
        leftovers = sorted(
            child
            for child in self.output.parent.iterdir()
            if child.name.startswith(self.prefix)
            and child != self.spare
            and child.is_dir()
            and not child.is_symlink()
        )
        old = [child for child in leftovers if child.name.startswith(self.prefix + "old-")]
        if not self.output.exists() and old:
            os.rename(old[-1], self.output)
        for child in leftovers:
            if child.exists():
                self._keep_as_spare(child)

    def _keep_as_spare(self, folder: Path) -> None:
        if os.path.lexists(self.spare):
            shutil.rmtree(folder)
        else:
            os.rename(folder, self.spare)

    def _take_stock(self, folder: str, prefix: str) -> Iterator[tuple[str, str]]:
        """``(relative path, digest)`` of the spare's files; whatever is not a plain file goes."""
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
        """Whether the spare already left exactly these bytes at ``relative``."""
        return self.present.get(relative) == sha256

    def file(self, relative: str) -> Path:
        """The path to place ``relative`` at, its folders made and whatever was there removed."""
        destination = contained(self.root, relative)
        if destination.parent not in self.folders:
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                self._clear_files_above(relative)
                destination.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(destination.parent)
        if self.present.pop(relative, None) is not None:
            os.unlink(destination)
        elif os.path.isdir(destination) and not os.path.islink(destination):
            shutil.rmtree(destination)
            self.present = {
                name: sha
                for name, sha in self.present.items()
                if not name.startswith(relative + "/")
            }
        return destination

    def _clear_files_above(self, relative: str) -> None:
        """A kept file where the new build needs a folder (``a`` before, ``a/index.html`` now)."""
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            if self.present.pop(above, None) is not None:
                os.unlink(contained(self.root, above))

    def write(self, relative: str, data: bytes, sha256: str) -> None:
        destination = self.file(relative)
        with open(destination, "xb") as stream:
            stream.write(data)
        self.known.remember(destination, sha256)

    def open_new(self, relative: str) -> BinaryIO:
        """A new file in the build, for writing; the spare's file there is removed first."""
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
        """Remove the spare's files the new build does not have, and folders left empty."""
        for relative in set(self.present) - set(expected):
            del self.present[relative]
            _remove_file(self.root, relative)

    def verify(self, expected: dict[str, int]) -> None:
        """Every expected file is there with its size, and nothing else is."""
        found = dict(_file_sizes(str(self.root), ""))
        if found != expected:
            missing = sorted(set(expected) - set(found))[:5]
            unexpected = sorted(set(found) - set(expected))[:5]
            raise ExportError(
                f"The new output did not verify (missing {missing}, unexpected {unexpected}, "
                "or sizes differ); the previous output was left as it was."
            )

    def publish(self, manifest: Path | None = None) -> None:
        """Swap the verified build into place, keeping ``.git``; the old output is the spare.

        ``manifest``, written beside the build, becomes the output's manifest
        after the swap; the previous one is removed before it.
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
        if old is not None:
            self._keep_as_spare(old)
            self._trim_spare()
        self.known.save()

    def _trim_spare(self) -> None:
        """Leave in the spare only files the live output shares with it (the same inode).

        An unpublished page, or the old bytes of an edited one, must not
        outlive the swap in a folder beside the site; the shared files are
        all the next build can keep anyway.
        """
        if not self.spare.is_dir():
            return
        live = dict(_inodes(str(self.output), ""))
        for relative, inode in list(_inodes(str(self.spare), "")):
            if live.get(relative) != inode:
                _remove_file(self.spare, relative)


def _remove_file(root: Path, relative: str) -> None:
    """Remove a file of a build or the spare, and the folders above it that it leaves empty."""
    path = contained(root, relative)
    os.unlink(path)
    for folder in path.parents:
        if folder == root:
            return
        with os.scandir(folder) as entries:
            if next(entries, None) is not None:
                return
        os.rmdir(folder)


def _inodes(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """``(relative path, inode)`` of everything under ``folder`` that is not a folder or
    ``.git``; from the folder listing alone, without a ``stat`` per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if relative in KEPT_NAMES:
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _inodes(entry.path, relative + "/")
            else:
                yield relative, entry.inode()


def _file_sizes(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """``(relative path, size)`` of every file under ``folder``, a link to a file as that file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _file_sizes(entry.path, relative + "/")
            elif entry.is_file():
                yield relative, entry.stat().st_size

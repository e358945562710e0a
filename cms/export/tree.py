"""Placing files in a tree the export owns (its build, its standby), a system call or two each.

Every folder on a file's way is one this tree made (``mkdir`` never follows
a link) or found by ``lstat`` to be a real folder, and it is remembered, so
the file lands inside the root without its path being resolved again:
``paths.contained`` did an ``lstat`` per path component for every file,
340,000 calls at 10,000 entries. A file is created exclusively, so one that
is in the way (a link, the standby's old bytes, a folder) fails the call and
is removed; a file where a folder is needed is removed too. ``cleared``
names what was removed, for the caller's journal. Two processes may place
files in one tree at once: a folder the other made, or a file it already
removed, is taken as it is.
"""

import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cms.export.paths import UnsafePathError
from cms.folder_swap import link_or_copy

Made = TypeVar("Made")


@dataclass(frozen=True)
class Placed:
    """What placing a page did in the build: the file's status after writing (None when the
    build already held its bytes), what was removed on its way, and whether its bytes are the
    last export's."""

    status: os.stat_result | None
    cleared: tuple[str, ...] = ()
    unchanged: bool = False


KEPT = Placed(None, unchanged=True)


class Tree:
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = str(root)
        self.folders = {"": self.root}
        self.cleared: list[str] = []

    def path(self, relative: str) -> str:
        """The absolute path for ``relative``, its folders made."""
        folder, _slash, name = relative.rpartition("/")
        return f"{self.folder(folder)}/{_name(name, relative)}"

    def folder(self, relative: str) -> str:
        found = self.folders.get(relative)
        if found is not None:
            return found
        above, slash, name = relative.rpartition("/")
        if slash and not above:
            raise UnsafePathError(f"{relative!r} is not a relative path.")
        path = f"{self.folder(above)}/{_name(name, relative)}"
        try:
            os.mkdir(path)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                self.remove(relative, path)
                os.makedirs(path, exist_ok=True)
        self.folders[relative] = path
        return path

    def place(self, relative: str, make: Callable[[str], Made]) -> Made:
        """``make(path)``, which must fail with ``FileExistsError`` rather than replace anything;
        whatever is in the way is removed and it is called again."""
        path = self.path(relative)
        try:
            return make(path)
        except FileExistsError:
            self.remove(relative, path)
            return make(path)

    def remove(self, relative: str, path: str) -> None:
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):
                shutil.rmtree(path)
                self.cleared.append(relative + "/")
                inside = relative + "/"
                self.folders = {
                    name: place
                    for name, place in self.folders.items()
                    if name != relative and name[: len(inside)] != inside
                }
            else:
                os.unlink(path)
        except FileNotFoundError:
            pass
        self.cleared.append(relative)


def _name(name: str, relative: str) -> str:
    if name in {"", ".", ".."}:
        raise UnsafePathError(f"{relative!r} is not a path of file names.")
    return name


def write_new(data: bytes, path: str) -> os.stat_result:
    """A new file holding ``data``; its status once written, for the known-files record."""
    with open(path, "xb") as stream:
        stream.write(data)
        stream.flush()
        return os.fstat(stream.fileno())


def linked(source: str | os.PathLike, path: str) -> os.stat_result:
    link_or_copy(source, path)
    return os.lstat(path)


def copied(source: str | os.PathLike, path: str) -> str:
    with open(source, "rb") as original, open(path, "xb") as copy:
        shutil.copyfileobj(original, copy)
    return path

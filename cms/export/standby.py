"""The standby tree beside the output, and the journal that says how it differs from the output.

The export keeps two trees: the live output (``_site``) and the standby
(``._site.export-standby``), which hold the same files, hard-linked. A build
writes into the standby only the files whose bytes change and removes the
ones that are gone, then the two are swapped. The tree that was live until
then is brought level with the new output by the journal of that build: the
paths it wrote or removed. So an export touches the files it changes and
never walks the tree.

What the standby holds is known without looking at it from ``standby.json``
in the export's records (``StandbyRecord``): it names the live manifest it
was made for and the paths (``pending``) where the standby may still differ
from that manifest. The record is removed before a build changes the
standby, so a killed export leaves no record, and the next export checks
every file of the standby, as a full export always does. ``--verify``
(``cms.export.verify``) removes it too when the output, or the standby
outside the pending paths, does not match the manifest.
"""

import os
import shutil
from collections.abc import Collection, Iterable, Iterator
from functools import partial
from pathlib import Path

import orjson

from cms.export.bookkeeping import KEPT_NAMES, bookkeeping_dir, manifest_path
from cms.export.paths import UnsafePathError, contained, resolved_root
from cms.export.tree import Tree
from cms.folder_swap import link_or_copy

FORMAT = 1
RECORD_NAME = "standby.json"


def standby_path(output: Path) -> Path:
    return output.parent / f".{output.name}.export-standby"


class StandbyRecord:
    """``standby.json``: the live manifest the standby matches, but for ``pending`` paths."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = bookkeeping_dir(output) / RECORD_NAME

    def take(self) -> set[str] | None:
        """``pending()``, and the record removed: the caller is about to change the standby."""
        pending = self.pending()
        self.drop()
        return pending

    def pending(self) -> set[str] | None:
        """The pending paths when the record matches the live manifest, else None."""
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        if data.get("manifest") != manifest_identity(self.output):
            return None
        pending = data.get("pending")
        if not isinstance(pending, list) or not all(isinstance(p, str) for p in pending):
            return None
        return set(pending)

    def save(self, identity: list | None, pending: Iterable[str]) -> None:
        """Record that the standby matches the manifest ``identity`` but for ``pending``."""
        if identity is None:
            return
        data = {"format": FORMAT, "manifest": identity, "pending": sorted(pending)}
        partial = self.path.with_name(RECORD_NAME + ".part")
        partial.write_bytes(orjson.dumps(data))
        os.replace(partial, self.path)

    def drop(self) -> None:
        self.path.unlink(missing_ok=True)


def manifest_identity(output: Path) -> list | None:
    """Which manifest file is beside ``output`` (inode, size, modification time), or None.

    A new manifest is always a new file moved into place, so this changes
    whenever the manifest does, without reading it.
    """
    try:
        status = os.stat(manifest_path(output))
    except OSError:
        return None
    return [status.st_ino, status.st_size, status.st_mtime_ns]


def apply_journal(live: Path, standby: Path, journal: set[str], files: Collection[str]) -> None:
    """Make ``standby`` hold what ``live`` holds at every path of ``journal``.

    ``files`` are the live output's files (a planned export's ``Update``).
    Top-level names the output does not have (the old Pagefind bundle, a file
    added to the output by hand) are removed too: one folder listing.
    """
    tops = files.tops() if hasattr(files, "tops") else {name.split("/", 1)[0] for name in files}
    with os.scandir(standby) as entries:
        strays = [entry.name for entry in entries if entry.name not in tops]
    for name in strays:
        remove_path(standby, name)
    for relative in sorted((path for path in journal if path not in files), reverse=True):
        remove_path(standby, relative)
    tree = Tree(standby)
    for relative in sorted(path for path in journal if path in files):
        place_link(f"{live}/{relative}", tree, relative)


def mirror(live: Path, standby: Path, files: Collection[str]) -> None:
    """Make ``standby`` hold exactly the live output's ``files``, each the live file itself.

    For an export that could not trust the standby: both trees are listed
    (a folder listing gives each file's inode without a ``stat``), the live
    one only when the standby is not empty (the first export into a folder).
    """
    standby.mkdir(exist_ok=True)
    present = dict(inodes(str(standby), ""))
    listed = inodes(str(live), "") if present else ((name, -1) for name in sorted(files))
    wanted = {name: inode for name, inode in listed if name in files}
    for relative in present.keys() - wanted.keys():
        remove_path(standby, relative)
    tree = Tree(standby)
    for relative, inode in wanted.items():
        if present.get(relative) != inode:
            place_link(f"{live}/{relative}", tree, relative)


def place_link(source: str, tree: Tree, relative: str) -> None:
    """Hard-link ``source`` at ``relative`` in ``tree``, clearing whatever is in the way."""
    tree.place(relative, partial(link_or_copy, source))


def remove_path(root: Path, relative: str) -> bool:
    """Remove the file or folder at ``relative`` if there is one, and the folders it leaves
    empty; whether anything was there."""
    path = beneath(root, relative)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    top = Path(resolved_root(str(root)))
    for folder in path.parents:
        if folder == top or not folder.is_relative_to(top):
            break
        try:
            os.rmdir(folder)
        except OSError:
            break
    return True


def beneath(root: Path, relative: str) -> Path:
    """``root / relative`` with its folder checked to be inside ``root``; the last name is not
    followed, so a link there is the link itself."""
    folder, _slash, name = relative.rpartition("/")
    if not name or name in {".", ".."}:
        raise UnsafePathError(f"{relative!r} is not a file name.")
    return (contained(root, folder) if folder else root) / name


def inodes(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """``(relative path, inode)`` of everything under ``folder`` that is not a folder or
    ``.git``; from the folder listing alone, without a ``stat`` per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if relative in KEPT_NAMES:
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from inodes(entry.path, relative + "/")
            else:
                yield relative, entry.inode()


def file_sizes(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """``(relative path, size)`` of every file under ``folder``, a link to a file as that file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from file_sizes(entry.path, relative + "/")
            elif entry.is_file():
                yield relative, entry.stat().st_size

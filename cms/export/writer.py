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
from collections.abc import Callable, Container, Iterable, Iterator
from functools import partial
from pathlib import Path

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
from cms.export.paths import UnsafePathError
from cms.export.standby import (
    StandbyRecord,
    apply_journal,
    file_sizes,
    manifest_identity,
    mirror,
    remove_path,
    standby_path,
)
from cms.export.tree import KEPT, Made, Placed, Tree, copied, linked, write_new
from cms.folder_swap import swap_in


class Staging:
    """The folder the new site is built in, swapped into place by ``publish``.

    The build starts from the standby, which holds the live output's files.
    With the live manifest of an incremental export and a standby record
    that matches it (``StandbyRecord``), what the standby holds is known
    without looking: the manifest's files (looked up path by path, ``few``,
    by a planned export without forked workers), but for the record's
    pending paths (``unknown``). Otherwise each of its files is checked
    (``known`` vouches for it or it is read) and only files with a known
    digest are kept. Only changed files are written and files the new build
    does not list are removed, so the result is that of a build from nothing.
    ``touched`` is the journal: every path written or removed.
    """

    def __init__(
        self, output: Path, known: KnownFiles | None = None, live: Manifest | None = None, few=False
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
        self.tree: Tree | None = None
        self.present: dict[str, str] | None = {}
        self.few = few
        self.unknown: set[str] = set()
        self.touched: set[str] = set()
        self.expected: Container[str] = set()
        self.blind = False

    def __enter__(self) -> "Staging":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        self.identity = manifest_identity(self.output) if self.live is not None else None
        pending = self.record.take()
        self.root = Path(tempfile.mkdtemp(prefix=self.prefix + "new-", dir=self.output.parent))
        self.tree = Tree(self.root)
        if self.standby.is_dir() and not self.standby.is_symlink():
            os.rmdir(self.root)
            os.rename(self.standby, self.root)
            if pending is not None and self.live is not None:
                self.trusted = True
                self.unknown = pending
                live = None if self.few else self.live.digests()
                self.present = live and {p: sha for p, sha in live.items() if p not in pending}
            else:
                self.present = dict(self._take_stock(str(self.root), ""))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.published or self.root is None or not self.root.exists():
            return
        self._keep_as_standby(self.root)
        if self.live is not None and self.standby.is_dir() and not self.blind:
            pending = self.touched | self.unknown
            if not self.trusted:
                live = self.live.digests()
                pending |= {path for path, sha in live.items() if self.present.get(path) != sha}
                pending |= self.present.keys() - live.keys()
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
        """Whether the standby still holds exactly these bytes at ``relative``."""
        if relative in self.touched or relative in self.unknown:
            return False
        if self.present is not None:
            return self.present.get(relative) == sha256
        return self.live is not None and self.live.digest_at(relative) == sha256

    def place(self, relative: str, make: Callable[[str], Made]) -> Made:
        """``make(path)`` for ``relative`` (see ``Tree.place``), noted in the journal."""
        self.touched.add(relative)
        made = self.tree.place(relative, make)
        self.forget(self.tree.cleared)
        self.tree.cleared = []
        return made

    def place_page(self, path: str, relative: str, data: bytes, sha256: str) -> Placed:
        """A rendered page's bytes in the build, written by the process that rendered it (each
        ``--jobs`` worker writes its own). Nothing is noted here: the crawl, which keeps the
        journal, passes the answer to ``note``."""
        return self.reuse(path, relative, sha256) or self._made(relative, partial(write_new, data))

    def reuse(self, path: str, relative: str, sha256: str) -> Placed | None:
        """The bytes the build already holds, or the live output's file for ``path`` linked in
        when its manifest record has them (an incremental export); None when neither has."""
        if self.keeps(relative, sha256):
            return KEPT
        record = self.live.record(path) if self.live is not None else None
        if record is None or record.sha256 != sha256 or record.path != relative:
            return None
        old = self.known.find(self.output, relative, sha256)
        try:
            return old and self._made(relative, partial(linked, old), unchanged=True)
        except (OSError, UnsafePathError):
            return None

    def _made(self, relative: str, make: Callable[[str], os.stat_result], **kind) -> Placed:
        status = self.tree.place(relative, make)
        cleared, self.tree.cleared = tuple(self.tree.cleared), []
        return Placed(status, cleared, **kind)

    def note(self, relative: str, sha256: str, placed: Placed) -> None:
        """What ``place_page`` or ``reuse`` did, in the journal and the known-files record."""
        if placed.status is not None:
            self.touched.add(relative)
            self.forget(placed.cleared)
            self.known.remember(None, sha256, placed.status)

    def forget(self, cleared: Iterable[str]) -> None:
        """Paths removed from the build because something else goes there, and what was in them."""
        for relative in cleared:
            if relative.endswith("/"):
                held = self.live.digests() if self.present is None else self.present
                self.touched.update(name for name in held if name.startswith(relative))
            else:
                self.touched.add(relative)

    def write(self, relative: str, data: bytes, sha256: str) -> None:
        self.known.remember(None, sha256, self.place(relative, partial(write_new, data)))

    def link(self, relative: str, source: Path, sha256: str | None = None) -> None:
        """A hard link to ``source``, or a copy across file systems."""
        status = self.place(relative, partial(linked, source))
        if sha256 is not None:
            self.known.remember(None, sha256, status)

    def copy(self, relative: str, source: Path) -> None:
        self.place(relative, partial(copied, source))

    def discard_all_but(self, expected: Container[str], dropped: Iterable[str] | None = None):
        """Remove the standby's files the new build does not have, and folders left empty; with
        ``few``, those it holds are looked for only at the paths ``dropped`` names."""
        held = self.present if self.present is not None else dropped
        for relative in {*(path for path in held if path not in self.touched), *self.unknown}:
            if relative not in expected:
                self.touched.add(relative)
                remove_path(self.root, relative)
        self.expected = expected

    def verify(self, expected: dict[str, int]) -> None:
        """Every expected file is there with its size, and nothing else is.

        A build from a trusted standby is not listed again: every path it
        did not write holds what the live manifest says (``--verify``
        re-hashes the output when that is in doubt).
        """
        if self.trusted:
            return
        found = dict(file_sizes(str(self.root), ""))
        if found != expected:
            missing = sorted(set(expected) - set(found))[:5]
            unexpected = sorted(set(found) - set(expected))[:5]
            raise ExportError(
                f"The new output did not verify (missing {missing}, unexpected {unexpected}, "
                "or sizes differ); the previous output was left as it was."
            )

    def publish(self, manifest=None) -> None:
        """Swap the verified build into place, keeping ``.git``; the old output is the standby.

        ``manifest`` (``manifest.Replacement`` or ``carry.Update``) retires
        the previous manifest before the swap and installs the new one after
        it; without one, the previous one is removed. The standby
        is then brought level with the new output: by the journal when the
        build trusted it, by listing both trees otherwise.
        """
        records = bookkeeping_dir(self.output)
        records.mkdir(exist_ok=True)
        (records / EXPORTED_MARK).touch()
        if manifest is not None:
            manifest.retire()
        else:
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
            manifest.install()
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

"""Publishing to a folder on this machine (the document root nginx serves), swapped in whole.

Like rsync, only files whose bytes changed are copied: the new tree is
built beside the folder from hard links to the files that stay and copies
of the rest, then exchanged with the live folder in one step (on Linux
``renameat2(RENAME_EXCHANGE)``, elsewhere two renames), so readers see the
old site or the new one, never a mixture. A killed run leaves only a
folder beside the destination, removed by the next run.

The exchange replaces the whole folder, so the command refuses a folder it
did not publish before (it leaves ``.<name>.published`` beside it), one
that holds the export itself, and the project's, home and media folders.
"""

import shutil
import tempfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from django.conf import settings

from cms.exceptions import PublishError
from cms.folder_swap import link_or_copy, swap_in
from cms.publish.files import LocalFile, read_folder
from cms.publish.plan import Plan, Progress


class FolderTarget:
    def __init__(self, path: str | Path) -> None:
        path = Path(path).expanduser().absolute()
        self.path = path.parent.resolve() / path.name
        self.marker = self.path.parent / f".{self.path.name}.published"
        self.prefix = f".{self.path.name}.publish-"

    @classmethod
    def parse(cls, spec: str) -> "FolderTarget":
        return cls(spec)

    def __str__(self) -> str:
        return str(self.path)

    def extra_files(self) -> list[LocalFile]:
        return []

    def close(self) -> None:
        pass

    def check(self, source: Path) -> None:
        source = Path(source).resolve()
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_dir()):
            raise PublishError(f"{self.path} is not a folder; publish to a folder of its own.")
        containers = [Path(settings.BASE_DIR).resolve(), Path.home().resolve()]
        roots = [source, *(Path(r).resolve() for r in (settings.MEDIA_ROOT, settings.STATIC_ROOT))]
        for place in containers + roots:
            inside = place in roots and self.path.is_relative_to(place)
            if place.is_relative_to(self.path) or inside:
                raise PublishError(
                    f"{self.path} overlaps {place}, which publishing must not replace; "
                    "publish to a folder of its own, such as /srv/digest/site."
                )
        if self.path.is_dir() and any(self.path.iterdir()) and not self.marker.is_file():
            raise PublishError(
                f"{self.path} already holds files that publish did not write, and publishing "
                "replaces the folder as a whole; choose a new or empty folder."
            )

    def remote_files(self) -> dict[str, LocalFile]:
        return read_folder(self.path) if self.path.is_dir() else {}

    def is_same(self, local: LocalFile, remote: LocalFile) -> bool:
        return local.sha256 == remote.sha256

    def apply(self, plan: Plan, progress: Progress | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in self.path.parent.glob(self.prefix + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        new = Path(tempfile.mkdtemp(prefix=self.prefix + "new-", dir=self.path.parent))
        new.chmod(0o755)
        try:
            for relative in plan.unchanged:
                place(new / relative, partial(link_or_copy, self.path / relative))
            total = len(plan.uploads)
            for done, file in enumerate(plan.uploads, 1):
                place(new / file.path, lambda target, f=file: _write(f, target))
                if progress:
                    progress(done, total, file.path)
            old = swap_in(new, self.path, self.prefix)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.marker.write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")


def place(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write(target)


def _write(file: LocalFile, target: Path) -> None:
    if file.source is not None:
        shutil.copyfile(file.source, target)
    else:
        target.write_bytes(file.data)
    target.chmod(0o644)

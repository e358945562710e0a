"""The export's records beside its output, and the checks made before an export starts.

Nothing the export keeps for itself is ever inside the output folder, which
static hosts publish whole (GitHub Pages, Netlify): the manifest and the mark
that a folder is an export live in ``._site.export/`` (``bookkeeping_dir``),
the lock in ``._site.export.lock``, the standby tree and the known-files
record in other ``._site.export*`` siblings (the standby's record,
``standby.json``, in the records folder). ``check_output_dir`` refuses an output
whose replacement would destroy something the export did not write.
"""

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from cms.exceptions import ExportError

MANIFEST_NAME = "manifest.sqlite3"
# Exports before issue 19 item 14 wrote their manifest into the output itself.
LEGACY_MANIFEST_NAME = ".export-manifest.json"
EXPORTED_MARK = "exported"
KEPT_NAMES = (".git",)


def bookkeeping_dir(output: Path) -> Path:
    """The folder beside ``output`` for the export's records (``_site`` -> ``._site.export``)."""
    return output.parent / f".{output.name}.export"


def manifest_path(output: Path) -> Path:
    return bookkeeping_dir(output) / MANIFEST_NAME


@contextmanager
def new_manifest(output: Path) -> Iterator[Path]:
    """A new file beside the output for the next manifest; removed unless published."""
    records = bookkeeping_dir(output)
    records.mkdir(exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="manifest-", suffix=".new", dir=records)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


class OutputLock:
    """An exclusive, non-blocking lock; the kernel releases it if the process dies."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = output.parent / f".{output.name}.export.lock"
        self.handle = None

    def __enter__(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")  # noqa: SIM115 - held for the whole export
        try:
            _lock(self.handle)
        except OSError as error:
            self.handle.close()
            raise ExportError(
                f"Another export into {self.output} is running "
                f"(it holds {self.path}). Wait for it to finish, then export again."
            ) from error
        return self

    def __exit__(self, *exc_info) -> None:
        self.handle.close()


def _lock(handle) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def check_output_dir(output: Path) -> None:
    """Refuse output folders whose replacement would destroy something that is not an export."""
    if output.is_symlink():
        raise ExportError(f"{output} is a symbolic link; pass the folder it points to.")
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output} exists and is not a folder; choose another --output.")
    roots = [Path(p).resolve() for p in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if p]
    protected = [Path(settings.BASE_DIR).resolve(), Path.home().resolve(), *roots]
    for place in protected:
        if place.is_relative_to(output):
            raise ExportError(
                f"--output {output} would replace {place}; choose a folder of its own, "
                "such as _site."
            )
    for root in roots:
        if output.is_relative_to(root):
            raise ExportError(f"--output {output} is inside {root}; choose a folder outside it.")
    if output.is_dir():
        names = {child.name for child in output.iterdir()} - set(KEPT_NAMES)
        exported = (bookkeeping_dir(output) / EXPORTED_MARK).is_file()
        if names and not exported and LEGACY_MANIFEST_NAME not in names:
            raise ExportError(
                f"{output} already holds files that the export did not write. The export "
                "replaces its output folder as a whole, so choose a new or empty folder, or "
                "remove this one yourself."
            )

"""Replacing a whole folder by one built beside it, so readers see the old tree or the new.

The export (``cms.export.writer``) and publishing to a local folder
(``cms.publish.folder``) both build a new tree next to the live one and
swap it in: on Linux with one ``renameat2(RENAME_EXCHANGE)``, elsewhere
with two renames (the live folder moved aside, the new one moved in).
``swap_in`` is that step, once; ``link_or_copy`` is how both carry an
unchanged file into the new tree.
"""

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def swap_in(new: Path, live: Path, prefix: str) -> Path | None:
    """Put ``new`` in place of ``live``; the replaced folder (to keep or remove), or None.

    Without an atomic exchange the old folder is first renamed to a fresh
    ``<prefix>old-XXXX`` sibling, which a run killed between the two renames
    leaves behind for the next run to find.
    """
    if not live.exists():
        os.rename(new, live)
        return None
    if _exchange(new, live):
        return new
    old = Path(tempfile.mkdtemp(prefix=prefix + "old-", dir=live.parent))
    os.rmdir(old)
    os.rename(live, old)
    os.rename(new, live)
    return old


def link_or_copy(source: Path | str, destination: Path | str) -> None:
    """A hard link to ``source``, or a copy where linking fails (another file system); a file
    already at ``destination`` is an error, never overwritten."""
    try:
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:
        shutil.copyfile(source, destination)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders on Linux; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return result == 0

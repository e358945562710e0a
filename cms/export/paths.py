"""From a URL path to the file that holds it, and nothing else.

One pure function decides where every exported URL is written, so the rules
that keep the export inside its output folder live in one place and are
tested as a table: no ``..`` or ``.`` segment (plain or percent-encoded), no
empty segment, no backslash, NUL or other control character, no drive-like
``:``, no hidden segment except ``.well-known``. Two URLs whose files would be
the same on a case-insensitive or Unicode-normalising file system (macOS,
Windows, most buckets) are a collision, and a collision fails the export.
"""

import functools
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from cms.exceptions import ExportError

INDEX_FILE = "index.html"
MAX_SEGMENT_BYTES = 255
PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?")
ALLOWED_HIDDEN = {".well-known"}


class UnsafePathError(ExportError, ValueError):
    """A URL that cannot be written as a file inside the output folder."""


def url_to_path(url_path: str) -> str:
    """``/a/b/`` to ``a/b/index.html`` and ``/a/b.xml`` to ``a/b.xml``.

    The result is relative, uses ``/`` and is decoded once from percent
    encoding (``/en/authors/%E6%9D%8E/`` becomes ``en/authors/李/index.html``,
    which is what a static host looks up). Anything that could name a file
    outside the output folder, or a different file on another system, raises
    ``UnsafePathError``.
    """
    if not isinstance(url_path, str) or not url_path.startswith("/"):
        raise UnsafePathError(f"{url_path!r} is not a root-relative URL path.")
    if "?" in url_path or "#" in url_path:
        raise UnsafePathError(f"{url_path!r} has a query or fragment; only paths are files.")
    is_folder = url_path.endswith("/")
    raw_segments = url_path[1:].split("/")
    if is_folder:
        raw_segments = raw_segments[:-1]
    segments = [_segment(raw, url_path) for raw in raw_segments]
    if is_folder:
        return "/".join([*segments, INDEX_FILE])
    if "." not in segments[-1].lstrip("."):
        raise UnsafePathError(
            f"{url_path!r} has neither a trailing slash nor a file extension, so it cannot "
            f"be told apart from a folder; link to {url_path + '/'!r} instead."
        )
    return "/".join(segments)


def _segment(raw: str, url_path: str) -> str:
    if len(raw) <= MAX_SEGMENT_BYTES and PLAIN_SEGMENT.fullmatch(raw):
        return raw
    if raw == "":
        raise UnsafePathError(f"{url_path!r} has an empty path segment (//).")
    try:
        segment = unquote(raw, errors="strict")
    except UnicodeDecodeError as error:
        raise UnsafePathError(f"{url_path!r} is not valid UTF-8 once decoded.") from error
    if segment in {".", ".."}:
        raise UnsafePathError(f"{url_path!r} has a {segment!r} segment.")
    bad = {"/", "\\", "%", ":"} & set(segment)
    if bad:
        raise UnsafePathError(f"{url_path!r} has {''.join(sorted(bad))!r} in a segment.")
    if any(ord(char) < 32 or ord(char) == 127 for char in segment):
        raise UnsafePathError(f"{url_path!r} has a control character.")
    if segment.startswith(".") and segment not in ALLOWED_HIDDEN:
        raise UnsafePathError(f"{url_path!r} names a hidden file or folder ({segment!r}).")
    if segment.endswith((".", " ")):
        raise UnsafePathError(f"{url_path!r} has a segment ending in a dot or a space.")
    if len(segment.encode()) > MAX_SEGMENT_BYTES:
        raise UnsafePathError(f"{url_path!r} has a segment longer than {MAX_SEGMENT_BYTES} bytes.")
    return segment


def contained(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any result that is not inside ``root``.

    A second line of defence behind ``url_to_path``: every write, link and
    delete in the export goes through it.
    """
    base = resolved_root(str(root))
    candidate = os.path.normpath(os.path.join(base, relative))
    if candidate.startswith(base + os.sep) and _has_link_beneath(base, candidate):
        candidate = os.path.realpath(candidate)
    if not candidate.startswith(base + os.sep):
        raise UnsafePathError(f"{relative!r} would be written outside {base}.")
    return Path(candidate)


def _has_link_beneath(base: str, path: str) -> bool:
    """Whether a component of ``path`` below ``base`` is a symbolic link.

    The common case, a tree without links, needs one ``lstat`` per
    component below ``base``, about a third of what ``realpath`` costs;
    ``contained`` resolves the path fully only when a link is found.
    """
    current = base
    for part in path[len(base) + 1 :].split(os.sep):
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return True
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError:
            return True
    return False


@functools.lru_cache(maxsize=16)
def resolved_root(root: str) -> str:
    """The real path of an export folder, resolved once: ``contained`` runs for every file.

    A stale answer (the folder replaced meanwhile) still keeps every path
    inside the folder as it was when first resolved; it never widens it.
    """
    return os.path.realpath(root)


def collision_key(path: str) -> str:
    """The name a case-insensitive, Unicode-normalising file system would see.

    ``path`` itself when that is the same text (the common case): the crawl
    keeps a key for every file it writes, and ``path`` is kept anyway.
    """
    folded = unicodedata.normalize("NFC", path).casefold()
    return path if folded == path else folded


def find_collisions(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs of URLs whose files would overwrite each other or a folder.

    ``items`` are ``(url, relative file path)``. Two files collide when their
    keys are equal; a file also collides with a folder of the same key
    (``/a.xml`` and ``/a.xml/``).
    """
    files: dict[str, str] = {}
    folders: dict[str, str] = {}
    collisions = []
    for url, path in sorted(items, key=lambda item: (item[1], item[0])):
        key = collision_key(path)
        if key in files and files[key] != url:
            collisions.append((files[key], url))
        files.setdefault(key, url)
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folders.setdefault("/".join(parts[:depth]), url)
    for key, url in sorted(files.items()):
        if key in folders:
            collisions.append((url, folders[key]))
    return collisions


def check_collisions(items: Iterable[tuple[str, str]]) -> None:
    """Fail the export, naming the URLs, when any two files would collide."""
    collisions = find_collisions(items)
    if collisions:
        listed = "; ".join(f"{first} and {second}" for first, second in collisions)
        raise ExportError(
            f"These URLs would be written to the same file on a case-insensitive or "
            f"Unicode-normalising file system: {listed}. Rename one of each pair "
            f"(slugs are best kept lower case and NFC-normalised) and export again."
        )

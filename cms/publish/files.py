"""The files a publish sends: an export folder read once, minus the export's bookkeeping.

Every target (bucket, git branch, folder) gets the same list: the path of
each file relative to the folder, its size and its SHA-256 and MD5 (read in
one pass; S3 compares MD5 with an object's ETag, the folder target SHA-256),
whether it is an asset or a page (assets go up first, so no reader sees a
page before what it shows), and the ``Content-Type`` and ``Cache-Control``
a host should send with it.

The export keeps its own records beside its folder (``._site.export/``);
older versions left ``.export-manifest.json`` inside it, journals and locks
in others.
Those, and a ``.git`` checkout the export keeps in place, are never
published, whatever version of the export wrote the folder.
"""

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cms.conf import conf
from cms.exceptions import PublishError
from cms.media import MEDIA_MAX_AGE

CHUNK = 1024 * 1024
BOOKKEEPING_PREFIX = ".export"
NEVER_PUBLISHED = frozenset({".git", ".DS_Store"})
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".txt"})
# Django's ManifestStaticFilesStorage names collected files ``name.<12 hex>.ext``.
HASHED_STATIC = re.compile(r"^static/.+\.[0-9a-f]{12}\.[A-Za-z0-9]+(\.gz|\.br)?$")
IMMUTABLE = "public, max-age=31536000, immutable"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}


def is_bookkeeping(relative: str) -> bool:
    """Whether any part of ``relative`` is the export's record or a checkout's metadata."""
    return any(
        part.startswith(BOOKKEEPING_PREFIX) or part in NEVER_PUBLISHED
        for part in relative.split("/")
    )


def content_type(relative: str) -> str:
    suffix = Path(relative).suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(relative, strict=False)
    return guessed or "application/octet-stream"


def cache_control(relative: str) -> str:
    """Hashed static names never change their bytes; pages and documents change any time."""
    if HASHED_STATIC.match(relative):
        return IMMUTABLE
    if relative.startswith("media/"):
        return f"public, max-age={MEDIA_MAX_AGE}"
    return f"public, max-age={conf.CMS_PAGE_MAX_AGE}"


@dataclass(frozen=True)
class LocalFile:
    """One file to publish: where it is read from (or its bytes), and how to describe it."""

    path: str
    size: int
    sha256: str
    md5: str
    source: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    @property
    def is_page(self) -> bool:
        return Path(self.path).suffix.lower() in PAGE_SUFFIXES

    @property
    def content_type(self) -> str:
        return content_type(self.path)

    @property
    def cache_control(self) -> str:
        return cache_control(self.path)

    def read(self) -> bytes:
        return self.data if self.data is not None else self.source.read_bytes()

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> "LocalFile":
        """A file the target adds itself (``.nojekyll``, ``CNAME``)."""
        return cls(
            path,
            len(data),
            hashlib.sha256(data).hexdigest(),
            hashlib.md5(data, usedforsecurity=False).hexdigest(),
            data=data,
        )


def digest_file(source: Path) -> tuple[int, str, str]:
    sha256 = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    with source.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            sha256.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return size, sha256.hexdigest(), md5.hexdigest()


def read_folder(root: Path) -> dict[str, LocalFile]:
    """Every publishable file under ``root``, by relative path; symbolic links are followed
    only to files (the export hard-links static files, ``collectstatic --link`` symlinks them)."""
    root = Path(root)
    if not root.is_dir():
        raise PublishError(f"{root} is not a folder; export first or pass --source an export.")
    files: dict[str, LocalFile] = {}
    for folder, dirs, names in os.walk(root):
        relative_folder = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative_folder == "." else relative_folder + "/"
        dirs[:] = sorted(d for d in dirs if not is_bookkeeping(prefix + d))
        for name in sorted(names):
            relative = prefix + name
            source = Path(folder) / name
            if is_bookkeeping(relative) or not source.is_file():
                continue
            size, sha256, md5 = digest_file(source)
            files[relative] = LocalFile(relative, size, sha256, md5, source=source)
    return files

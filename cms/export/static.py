"""Collected static files and uploaded media, copied only when something references them.

Static files come from ``STATIC_ROOT`` as ``collectstatic`` left it (hashed
names from the manifest storage) and are hard-linked where the file system
allows, since collectstatic replaces files rather than editing them. Media
files are copied, because an upload folder may be edited in place. A media
path must resolve inside ``MEDIA_ROOT`` even after following symbolic links;
static files may be symlinks (``collectstatic --link``) but their URL path is
checked like any other. Stylesheets are read for ``url()`` references, which
are then exported too.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

from cms.export.paths import UnsafePathError, url_to_path
from cms.export.target import ExportTarget

CHUNK = 1024 * 1024
COLLECTED_STAMP = ".collected-from"
IGNORED_BY_COLLECTSTATIC = ["CVS", ".*", "*~"]


class MissingFile(Exception):
    """A referenced static or media file that is not there; the message says what to do."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    kind: str
    source: Path

    @property
    def is_css(self) -> bool:
        return self.source.suffix.lower() == ".css"


def find_source(path: str, kind: str, target: ExportTarget) -> SourceFile:
    """The file in ``STATIC_ROOT`` or ``MEDIA_ROOT`` that serves ``path``."""
    prefix = target.static_prefix if kind == "static" else target.media_prefix
    root_setting = settings.STATIC_ROOT if kind == "static" else settings.MEDIA_ROOT
    if not root_setting:
        raise MissingFile(f"{kind.upper()}_ROOT is not set, so {path} cannot be copied.")
    root = Path(root_setting)
    inner = url_to_path("/" + path[len(prefix) :])
    source = root / inner
    if kind == "media":
        resolved = source.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise UnsafePathError(f"{path} leads outside MEDIA_ROOT.")
    if not source.is_file():
        hint = (
            "run `python manage.py collectstatic` (the export command does) and check the name"
            if kind == "static"
            else "upload it again or fix the link"
        )
        raise MissingFile(f"missing {kind} file {inner}: {hint}")
    return SourceFile(path, kind, source)


def file_digest(source: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def collect_static() -> bool:
    """Run ``collectstatic`` unless ``STATIC_ROOT`` already holds what the sources would give.

    Collecting with hashed names re-reads and re-hashes every static file,
    seconds on every export although static files rarely change. A stamp in
    ``STATIC_ROOT`` holds the digest of the sources it was collected from;
    returns whether collectstatic ran.
    """
    root = Path(settings.STATIC_ROOT)
    stamp = root / COLLECTED_STAMP
    sources = static_sources_digest()
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    manifest_present = manifest_name is None or (root / manifest_name).is_file()
    if manifest_present and stamp.is_file() and stamp.read_text(encoding="utf-8") == sources:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(sources, encoding="utf-8")
    return True


def static_sources_digest() -> str:
    """Names, sizes and modification times of every file collectstatic would copy, and how."""
    digest = hashlib.sha256()
    digest.update(repr((settings.STATIC_URL, settings.STORAGES["staticfiles"])).encode())
    for finder in get_finders():
        for name, storage in sorted(finder.list(IGNORED_BY_COLLECTSTATIC), key=lambda f: f[0]):
            stat = Path(storage.path(name)).stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()

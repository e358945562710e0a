"""Uploaded media on any Django storage: the local disk or an S3-compatible bucket.

Entry bodies link media by the site's own path (``/media/uploads/…``),
whatever stores the bytes, so content, exports and backups do not change
when the storage does. With ``DJANGO_MEDIA_STORAGE=s3`` the files live in a
bucket (``cms.media_s3.SiteMediaS3Storage``) that readers need not reach
directly: the site answers ``/media/…`` from the storage (``serve_media``),
and nginx in front caches those answers (deploy/nginx). Backups and the
publish command read and write media through the storage API with
``media_names`` and ``copy_media``.
"""

import mimetypes
import os
import posixpath
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404
from django.test.utils import override_settings
from django.views.static import serve

# Upload names are random and never reused, so a cached copy stays right; a day bounds a
# replaced file (a restored backup) all the same.
MEDIA_MAX_AGE = 86400


def media_storage() -> Storage:
    return storages["default"]


def is_on_disk(storage: Storage | None = None) -> bool:
    return isinstance(storage or media_storage(), FileSystemStorage)


def s3_media_location() -> tuple[str, str] | None:
    """``(bucket, key prefix)`` of the media storage when it is a bucket, else None."""
    storage = media_storage()
    bucket = getattr(storage, "bucket_name", None)
    if not bucket:
        return None
    return bucket, getattr(storage, "location", "") or ""


def media_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, folders walked through the storage API, sorted."""
    storage = storage or media_storage()
    if folder == "" and is_on_disk(storage) and not Path(storage.location).is_dir():
        return
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, posixpath.join(folder, sub) if folder else sub)


def copy_media(name: str, destination: Path, storage: Storage | None = None) -> None:
    """Copy one stored file to ``destination`` on the local disk, streaming."""
    storage = storage or media_storage()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, destination.open("wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)


def replace_all_media(sources: dict[str, Path], storage: Storage | None = None) -> None:
    """Make the storage hold exactly ``sources`` (name to local file), as a restore needs."""
    storage = storage or media_storage()
    for name, source in sorted(sources.items()):
        if storage.exists(name):
            storage.delete(name)
        with source.open("rb") as stream:
            stored = storage.save(name, File(stream, name=name))
        if stored != name:
            raise SuspiciousOperation(f"{name} was stored as {stored}.")
    for name in list(media_names(storage)):
        if name not in sources:
            storage.delete(name)


def serve_media(request, path: str):
    """``/media/<path>`` from the media storage; on disk as Django's static view does it."""
    storage = media_storage()
    if is_on_disk(storage):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", "..")):
        raise Http404("No such file.")
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousOperation, ValueError):
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


@contextmanager
def media_for_export(output: Path) -> Iterator[None]:
    """``MEDIA_ROOT`` as the export needs it: the export copies media it links by file path.

    With media in a bucket, a mirror beside the export (``.<name>.media``)
    stands in for ``MEDIA_ROOT`` while it runs. Only new or resized files are
    downloaded (upload names are random and never reused) and files gone
    from the bucket are removed. An export that reads through the storage
    API would make this unnecessary.
    """
    storage = media_storage()
    if is_on_disk(storage):
        yield
        return
    output = Path(output).absolute()
    mirror = output.parent / f".{output.name}.media"
    wanted = set()
    for name in media_names(storage):
        wanted.add(name)
        local = mirror / name
        if not local.is_file() or local.stat().st_size != storage.size(name):
            copy_media(name, local, storage)
    for folder, _dirs, files in os.walk(mirror):
        for file in files:
            path = Path(folder) / file
            if path.relative_to(mirror).as_posix() not in wanted:
                path.unlink()
    with override_settings(MEDIA_ROOT=mirror):
        yield

"""Backups of the whole site, database and uploaded media, and restoring them.

A backup is a folder ``digest-backup-<UTC time>/`` holding the database
(SQLite's online backup API, which copies a consistent snapshot while the
site keeps running; ``pg_dump``'s custom format on PostgreSQL, one
transaction snapshot too), a copy of ``MEDIA_ROOT`` and ``manifest.json``
with the SHA-256 of every file. It is written under a hidden name and
renamed when complete, so a folder with the final name is always whole.
It holds password hashes, API tokens and live sessions, so the folder is
0700 and every file in it 0600 from the moment it exists.

Restoring into a database that was never migrated (a new server) needs no
``migrate`` first: the copy carries the schema with the rows.

Restoring checks every checksum before it touches anything, refuses a
backup of another database engine, and replaces the database and the media
folder. Callers decide whether replacing existing content is allowed.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from cms.exceptions import BackupError
from cms.media import copy_media, is_on_disk, media_names, replace_all_media

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    media_files: int
    size: int

    def summary(self) -> str:
        return (
            f"Backed up the {self.engine} database and {self.media_files} media files "
            f"({self.size:,} bytes) to {self.path}."
        )


def engine_name() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_counts() -> dict[str, int]:
    """Rows in the tables a restore would replace; a table never created holds none."""
    from django.contrib.auth import get_user_model

    from cms.models import Entry, Page, Topic

    models = {"entries": Entry, "pages": Page, "topics": Topic, "users": get_user_model()}
    tables = set(connection.introspection.table_names())
    return {
        name: model.objects.count() if model._meta.db_table in tables else 0
        for name, model in models.items()
    }


def _postgres_arguments() -> tuple[list[str], dict[str, str]]:
    config = connection.settings_dict
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            arguments += [flag, str(config[key])]
    environment = {**os.environ}
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    return arguments + ["--dbname", config["NAME"]], environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client) and run again."
        )
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def _copy_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        arguments, environment = _postgres_arguments()
        _run(["pg_dump", "--format=custom", "--file", str(target), *arguments], environment)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _make_private(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        os.chmod(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def backup_site(output_dir: Path, *, progress: Callable[[str], None] | None = None) -> BackupResult:
    """Write a complete backup folder under ``output_dir`` and return where it is."""
    engine = engine_name()
    output_dir = Path(output_dir)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output_dir.resolve().is_relative_to(media_root):
        raise BackupError("Write backups outside MEDIA_ROOT, or each would contain the last.")
    output_dir.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    final = output_dir / f"digest-backup-{stamp}"
    staging = output_dir / f".digest-backup-{stamp}.partial"
    staging.mkdir(mode=PRIVATE_FOLDER)
    os.chmod(staging, PRIVATE_FOLDER)
    try:
        database_file = staging / DATABASE_FILES[engine]
        if progress:
            progress(f"Copying the {engine} database")
        _copy_database(engine, database_file)
        files = {DATABASE_FILES[engine]: sha256(database_file)}
        sources = _media_files(media_root) if is_on_disk() else list(media_names())
        if progress:
            progress(f"Copying {len(sources)} media files")
        for source in sources:
            if isinstance(source, str):  # a name in a bucket (DJANGO_MEDIA_STORAGE=s3)
                relative = Path("media") / source
                copy_media(source, staging / relative)
            else:
                relative = Path("media") / source.relative_to(media_root)
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, staging / relative)
            files[relative.as_posix()] = sha256(staging / relative)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "engine": engine,
            "counts": content_counts(),
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        _make_private(staging)
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    size = sum(path.stat().st_size for path in final.rglob("*") if path.is_file())
    return BackupResult(path=final, engine=engine, media_files=len(sources), size=size)


def read_manifest(path: Path) -> dict:
    """The backup's manifest, after checking that every file it lists is intact."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{path} is not a backup folder: it has no {MANIFEST}.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path / MANIFEST} is damaged: {error}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} has backup format {manifest.get('format')!r}; expected {FORMAT}."
        )
    for name, expected in manifest["files"].items():
        file = (path / name).resolve()
        if not file.is_relative_to(path.resolve()) or not file.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if sha256(file) != expected:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def _restore_database(engine: str, source: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        connections.close_all()
        arguments, environment = _postgres_arguments()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(source),
            ],
            environment,
        )


def _as_upload(path: Path) -> None:
    """Give a restored media file or folder the mode storage gives an upload, not the backup's."""
    mode = (
        settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS
        if path.is_dir()
        else settings.FILE_UPLOAD_PERMISSIONS
    )
    if mode is not None:
        os.chmod(path, mode)


def _restore_media(backup: Path, manifest: dict) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    names = [name for name in manifest["files"] if name.startswith("media/")]
    if not is_on_disk():
        replace_all_media({name.removeprefix("media/"): backup / name for name in names})
        return len(names)
    incoming = media_root.parent / f".{media_root.name}.restoring"
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    for name in names:
        target = incoming / Path(name).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup / name, target)
        kept = (backup / name).stat()
        os.utime(target, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    for path in [incoming, *incoming.rglob("*")]:
        _as_upload(path)
    replaced = media_root.parent / f".{media_root.name}.replaced"
    shutil.rmtree(replaced, ignore_errors=True)
    if media_root.exists():
        os.replace(media_root, replaced)
    os.replace(incoming, media_root)
    shutil.rmtree(replaced, ignore_errors=True)
    return len(names)


def restore_site(path: Path) -> dict:
    """Replace the database and the media folder with the backup at ``path``.

    Returns the backup's manifest. Raises ``BackupError`` before changing
    anything when the backup is damaged or of another database engine.
    """
    path = Path(path)
    manifest = read_manifest(path)
    engine = engine_name()
    if manifest["engine"] != engine:
        raise BackupError(
            f"{path} holds a {manifest['engine']} database and this site runs on {engine}. "
            "Move content between engines with dump_content and load_content."
        )
    _restore_database(engine, path / DATABASE_FILES[engine])
    _restore_media(path, manifest)
    return manifest

"""What an export was rendered from, and what the previous export lets this one reuse.

Three things decide every exported byte: the code (our Python, templates and
translations, the installed packages, the hashed static-file manifest), the
settings, and the database rows the loaded pages show (``loaded.READS``; the
clock enters only through which entries were loaded as public, and the
export freezes it). The code and the settings get one digest each, written
in the manifest; the rows a digest each, which the loaded pages' digests
are made of (``cms.export.loaded``).

Reuse is decided conservatively. When the code or the settings changed (or
the options that shape the bytes), nothing is reused: every page is rendered
again, and files whose bytes did not change are hard-linked from the
previous output, which keeps their inode and mtime for rsync-style deploys.
Otherwise a page is reused when the digest of its inputs is the one the
manifest recorded. Static and media files are always copied afresh.
"""

import functools
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils.functional import LazyObject

from cms.exceptions import ExportError
from cms.export.journal import JournalPosition, changes_since
from cms.export.loaded import READS
from cms.export.manifest import Manifest

SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "API_KEY")
CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".mo", ".css", ".js", ".svg"}
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def code_fingerprint() -> str:
    """Digest of the project's code, templates and translations, and of every installed package."""
    digest = hashlib.sha256()
    for root in sorted(_code_roots()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update("\n".join(installed_packages()).encode())
    static_manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and static_manifest.is_file():
        digest.update(static_manifest.read_bytes())
    return digest.hexdigest()


def installed_packages() -> list[str]:
    """The ``name-version.dist-info`` folders on ``sys.path``: cheap, and each names a version."""
    found = set()
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            found |= {
                child.name
                for child in folder.iterdir()
                if child.name.endswith((".dist-info", ".egg-info", ".egg-link"))
            }
    return sorted(found)


def _code_roots() -> set[Path]:
    base = Path(settings.BASE_DIR).resolve()
    roots = {Path(folder).resolve() for engine in settings.TEMPLATES for folder in engine["DIRS"]}
    roots |= {Path(directory).resolve() for directory in settings.LOCALE_PATHS}
    roots |= {
        Path(config.path).resolve()
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
    }
    roots.add((base / settings.ROOT_URLCONF.split(".")[0]).resolve())
    return {root for root in roots if root.is_dir()}


def settings_fingerprint() -> str:
    """Digest of every setting except secrets and database credentials.

    Memory addresses (the repr of a function or a lazy object some apps put
    in settings) differ from one process to the next, so they are left out.
    A lazy object (django-axes puts one in settings) is written as its value:
    its repr changes once something has evaluated it.
    """
    digest = hashlib.sha256()
    for name in sorted(dir(settings)):
        if not name.isupper() or name == "DATABASES" or any(w in name for w in SECRET_WORDS):
            continue
        value = getattr(settings, name)
        if isinstance(value, LazyObject):
            value = str(value)
        value = MEMORY_ADDRESS.sub("", repr(value))
        digest.update(f"{name}={value}\n".encode())
    return digest.hexdigest()


def table_digests(tables: Iterable[str]) -> dict[str, str]:
    """A digest of each table's rows, read in primary-key order."""
    return read_tables(tables)[0]


def read_tables(tables: Iterable[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Each table's digest, and for a table with a primary key a digest of each row by key.

    The loaded pages' digests (``cms.export.loaded``) are made of the rows'
    digests, so an edit changes the digests of the pages that show its row.
    """
    keys = primary_key_columns()
    connection = connections["default"]
    quote = connection.ops.quote_name
    digests, rows = {}, {}
    for table in sorted(set(tables)):
        column = keys.get(table)
        digest = hashlib.sha256()
        order = quote(column) if column else "1"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            position = [item[0] for item in cursor.description].index(column) if column else None
            by_key = {}
            while chunk := cursor.fetchmany(1000):
                if position is None:
                    digest.update(rows_text(chunk).encode())
                    continue
                for row in chunk:
                    by_key[str(row[position])] = row_digest(row)
            if position is not None:
                digest.update("".join(f"{key}:{row};" for key, row in by_key.items()).encode())
                rows[table] = by_key
        digests[table] = digest.hexdigest()
    return digests, rows


def row_digest(row: tuple) -> str:
    return hashlib.sha256(rows_text([row]).encode()).hexdigest()[:16]


def rows_text(rows: list[tuple]) -> str:
    """The rows' values as text; one ``repr`` of the whole list, the costly part, in C.

    psycopg returns binary columns as ``memoryview``, whose ``repr`` is its
    address; those rows are written with their bytes instead.
    """
    text = repr(rows)
    if "<memory at 0x" in text:
        text = repr([tuple(_plain(value) for value in row) for row in rows])
    return text


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value


@functools.lru_cache(maxsize=1)
def primary_key_columns() -> dict[str, str]:
    """``{table: primary key column}`` for the tables of installed models."""
    return {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.pk is not None
    }


@dataclass(frozen=True)
class State:
    """Digests of everything the exported bytes can depend on, taken at one moment."""

    code: str
    settings: str
    tables: dict[str, str]
    rows: dict[str, dict[str, str]]

    @classmethod
    def take(cls, rows: bool = True) -> "State":
        """Everything, or (``rows=False``) the code and settings only, for a planned export."""
        digests, rows = read_tables(READS) if rows else ({}, {})
        return cls(
            code=code_fingerprint(),
            settings=settings_fingerprint(),
            tables=digests,
            rows=rows,
        )

    @property
    def fingerprint(self) -> dict[str, str]:
        return {"code": self.code, "settings": self.settings}


def can_reuse(previous: Manifest | None, options: dict, state: State) -> bool:
    """Whether any page of ``previous`` may be reused: same options, code and settings."""
    if previous is None or previous.options != options:
        return False
    return all(
        previous.fingerprint.get(part) == getattr(state, part) for part in ("code", "settings")
    )


def check_unchanged(before: State, position: JournalPosition | None = None) -> None:
    """Fail when a table the pages show changed while exporting.

    The pages are rendered from rows loaded after ``before`` was taken, and
    the next ``--incremental`` export trusts their digests: a row saved in
    between would leave a page whose bytes do not match its digest. A
    planned export (``position``) asks the journal instead, which triggers
    fill on every write to the tables the pages read (``loaded.READS``),
    without reading them again: it planned from the rows written before
    ``position`` and read every row after it.
    """
    changed = set()
    if before.tables and position is None:
        after = table_digests(before.tables)
        changed = {t for t, digest in after.items() if before.tables[t] != digest}
    if position is not None or not before.tables:
        changes = changes_since(position) if position is not None else None
        changed |= {"the change journal"} if changes is None else {t for t, _k in changes}
    if changed:
        raise ExportError(
            "The content changed while the export was running "
            f"({', '.join(sorted(changed))}), so the pages may not agree "
            "with each other. The previous output was left as it was; export again."
        )

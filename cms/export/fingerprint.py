"""What an export was rendered from, so an incremental run can tell whether anything changed.

Four things decide every exported byte: the code (our Python, templates and
translations, the installed packages, the hashed static-file manifest), the
settings, the database rows the views read, and the clock, which only
matters through which scheduled entries have become public. Each gets a
digest here. ``capture_reads`` records which tables a request queried, so the
manifest can say what each page was rendered from and the next run digests
just those tables.
"""

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

from cms.export.dependencies import primary_key_columns, rows_digest, rows_text

SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "API_KEY")
CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".mo", ".css", ".js", ".svg"}
QUOTED_NAME = re.compile(r'["`]([A-Za-z0-9_]+)["`]')
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
    """
    digest = hashlib.sha256()
    for name in sorted(dir(settings)):
        if not name.isupper() or name == "DATABASES" or any(w in name for w in SECRET_WORDS):
            continue
        value = MEMORY_ADDRESS.sub("", repr(getattr(settings, name)))
        digest.update(f"{name}={value}\n".encode())
    return digest.hexdigest()


def all_tables() -> list[str]:
    tables = set()
    for alias in connections:
        tables |= set(connections[alias].introspection.django_table_names(only_existing=True))
    return sorted(tables)


def table_digests(tables: Iterable[str]) -> dict[str, str]:
    """A digest of each table's rows, read in primary-key order."""
    return read_tables(tables)[0]


def read_tables(tables: Iterable[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Each table's digest, and for a table with a primary key a digest of each row by key.

    The rows' digests let the next incremental export tell which rows
    changed, not only that a table did (``query_changes.changed_queries``).
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
                    by_key[str(row[position])] = rows_digest([row])[:16]
            if position is not None:
                digest.update("".join(f"{key}:{row};" for key, row in by_key.items()).encode())
                rows[table] = by_key
        digests[table] = digest.hexdigest()
    return digests, rows


def public_digest() -> str:
    """Which entries are public *now*: scheduled entries change it without any row changing."""
    from cms.models import Entry

    ids = Entry.objects.published().order_by("pk").values_list("pk", flat=True)
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


@contextmanager
def capture_reads(known_tables: set[str]) -> Iterator[set[str]]:
    """Collect the tables every query made inside the block mentions."""
    reads: set[str] = set()

    def record(execute, sql, params, many, context):
        reads.update(name for name in QUOTED_NAME.findall(sql) if name in known_tables)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(record))
        yield reads

"""A test oracle for the export's digests: what a live request's queries read and return.

Production code records no query; the tests hold the digests to what the live
views read. Every table a live page of a loaded kind queries must be one the
digests cover (``cms.export.loaded.READS``, ``tests/test_export_loaded.py``),
and after an edit every page whose live queries return something else must be
one ``--incremental`` renders again (``tests/test_export_oracle.py``).
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.db import connections

QUOTED_NAME = re.compile(r'["`]([A-Za-z0-9_]+)["`]')


def all_tables() -> set[str]:
    tables = set()
    for alias in connections:
        tables |= set(connections[alias].introspection.django_table_names(only_existing=True))
    return tables


@contextmanager
def capture_reads(known_tables: set[str]) -> Iterator[set[str]]:
    """Collect the tables of ``known_tables`` that the queries run inside the block name."""
    reads: set[str] = set()

    def record(execute, sql, params, many, context):
        reads.update(name for name in QUOTED_NAME.findall(sql) if name in known_tables)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(record))
        yield reads


@contextmanager
def capture_statements() -> Iterator[list[tuple[str, tuple]]]:
    """The read statements run inside the block, with their parameters."""
    statements: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(record):
        yield statements


def results_digest(statements: list[tuple[str, tuple]]) -> str:
    """A digest of what the statements return now: run again, their rows digested."""
    digest = hashlib.sha256()
    with connections["default"].cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, list(params))
            digest.update(repr((sql, params, cursor.fetchall())).encode())
    return digest.hexdigest()

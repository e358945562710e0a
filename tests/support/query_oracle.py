"""A test oracle for the loaded pages' digests: which tables a live request's queries read.

Production code records no query; the tests hold the digests to what the live
views read (``tests/test_export_loaded.py``): every table a live page of a
loaded kind queries must be one the digests cover (``cms.export.loaded.READS``).
"""

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
